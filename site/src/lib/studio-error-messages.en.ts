// What the error codes only the Studio page's render calls (pages/studio/studio-data.ts registers them) can meet mean to a user, in English (the zh file must match):
// loaded with the pages that make those calls, not with every page's words.
const en = {
  job_not_found: 'That render was not found.',
  render_farm_unavailable: 'The render farm is unavailable; nothing was charged. Try again shortly.',
};

export default en;
