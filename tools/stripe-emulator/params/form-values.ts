// The typed values inside a form-encoded Stripe request (integers, booleans, arrays, metadata…), lenient where Stripe is, strict where it is.
import * as z from 'zod';
import { type StripeIssueParams, toStripeError } from '../core/stripe-errors';

/** Validates `raw` against `schema`, throwing the Stripe-shaped error for its first problem. */
export function parseParams<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) throw toStripeError(result.error);
  return result.data;
}

const stripeCode = (code: string): { params: StripeIssueParams } => ({ params: { stripeCode: code } });

/** Form values arrive as strings; Stripe answers `Invalid integer: x` for anything else (`1.5`, `1e3`, ``). */
export const formInteger = z.string().transform((value, ctx) => {
  if (!/^-?\d+$/.test(value)) {
    ctx.addIssue({ code: 'custom', message: `Invalid integer: ${value}`, ...stripeCode('parameter_invalid_integer') });
    return z.NEVER;
  }
  return Number(value);
});

/**
 * `true`/`false` in any case: the SDKs send lowercase, but older stripe-python and stripe-dotnet send
 * `True`/`False` and Stripe's v1 API takes them. Anything else (`1`, `yes`, ``) is refused as Stripe
 * refuses it: `Invalid boolean: 1`, with the parameter and no code.
 */
export const formBoolean = z.string().transform((value, ctx) => {
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    ctx.addIssue({ code: 'custom', message: `Invalid boolean: ${value}` });
    return z.NEVER;
  }
  return lower === 'true';
});

/**
 * An array parameter. The SDKs write `a[0]=x` (node, python, go, php, java, dotnet) or `a[]=x` (ruby,
 * curl, older node); the parser keeps numeric brackets as keys, and here an object whose keys are all
 * indexes becomes the array, in index order. Gaps are closed up rather than refused, as Stripe's own
 * mock does. Anything else (`expand=customer`, `a[x]=1`) fails as `Invalid array`.
 */
export function formArray<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const entries = Object.entries(value);
    if (entries.length === 0 || !entries.every(([key]) => /^\d+$/.test(key))) return value;
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => child);
  }, z.array(item));
}

export const url = z.string().refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
  message: 'Not a valid URL',
  ...stripeCode('url_invalid'),
});

export const email = z
  .string()
  .refine((value) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), { message: 'Invalid email address' });

/**
 * `metadata[key]=value`. Numeric keys stay names. As Stripe documents, an empty value unsets that key
 * (`metadata[key]=`, what the SDKs send for `null`) and an empty `metadata=` unsets them all: the
 * output keeps `''` values and gives `null` for the latter; `mergeMetadata` applies both.
 */
export const metadata = z.preprocess(
  (value) => (value === '' ? null : value),
  z
    .record(
      z.string().max(40, 'Metadata keys can have up to 40 characters.'),
      z.string().max(500, 'Metadata values can have up to 500 characters.'),
    )
    .refine((value) => Object.keys(value).length <= 50, 'Metadata can have up to 50 keys.')
    .nullable(),
);
export type MetadataParam = z.output<typeof metadata>;

/** The metadata after an update: `null` clears it, a key set to `''` is removed, others are set. */
export function mergeMetadata(
  current: Record<string, string>,
  update: MetadataParam | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  return Object.fromEntries(Object.entries({ ...current, ...update }).filter(([, value]) => value !== ''));
}

export const expand = formArray(z.string()).optional();
