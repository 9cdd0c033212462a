// Dates between D1 and the API: D1 keeps epoch milliseconds, the API speaks ISO 8601. A listing's SQL
// names its view's fields itself (`period_end AS periodEnd`), so a row needs only its dates turned.

/** The ISO side of a stored date: a number becomes a string, a null stays null. */
type Iso<T> = T extends number ? string : T extends null ? null : never;
/** The stored side of a view's date: a string is a number of milliseconds, a null stays null. */
type Millis<T> = T extends string ? number : T extends null ? null : never;

/** A view as its SQL reads it: every field already named, the `K` dates still in milliseconds. */
export type Stored<V, K extends keyof V> = Omit<V, K> & { [P in K]: Millis<V[P]> };

/** A stored date (epoch milliseconds) as ISO 8601; a null stays null. */
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The row with each of `keys` (epoch milliseconds, or null) as an ISO 8601 string (or null). */
export function isoDates<R extends { [P in K]: number | null }, K extends keyof R>(
  row: R,
  ...keys: K[]
): Omit<R, K> & { [P in K]: Iso<R[P]> } {
  const view: Record<PropertyKey, unknown> = { ...row };
  for (const key of keys) view[key] = isoOrNull(row[key]);
  return view as Omit<R, K> & { [P in K]: Iso<R[P]> };
}
