// The languages Creditcast speaks (site pages, Stripe's checkout and return pages): the one list
// the Worker and the site both import. Pure data, safe in either bundle.
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];
