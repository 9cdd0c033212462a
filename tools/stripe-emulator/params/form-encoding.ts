// Stripe's bracket form encoding (`line_items[0][price_data][unit_amount]=500`) turned into nested objects and arrays.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

// Keys that would reach Object.prototype if written through bracket paths.
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits `a[b][0][]` into ['a', 'b', '0', '']; a key without brackets is one segment. */
function keyPath(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  const bracketed = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = bracketed.exec(key.slice(open))) !== null) path.push(match[1] ?? '');
  return path;
}

const isObject = (value: FormValue | undefined): value is FormObject =>
  typeof value === 'object' && !Array.isArray(value);

/** Whether a value in `incoming` would land on a key `existing` already holds (Rack then starts a new element). */
function collides(existing: FormObject, incoming: FormObject): boolean {
  return Object.entries(incoming).some(([key, child]) => {
    const held = existing[key];
    if (held === undefined) return false;
    return isObject(held) && isObject(child) ? collides(held, child) : !Array.isArray(held);
  });
}

/** One key=value pair as a structure of its own: `a[][b]=1` is `{ a: [{ b: '1' }] }`. */
function structureOf(path: string[], value: string): FormValue {
  let built: FormValue = value;
  for (let i = path.length - 1; i >= 1; i--) built = path[i] === '' ? [built] : { [path[i]!]: built };
  return built;
}

/**
 * Merges one pair's structure into what came before, as Rack (and so Stripe) does. Objects merge
 * key by key. An appended `[]` element that is an object joins the array's last object unless that
 * object already holds one of its values: so the old Ruby and Node SDKs'
 * `items[][price]=a&items[][quantity]=1&items[][price]=b` is two items, not three.
 */
function merge(into: FormObject, key: string, incoming: FormValue): void {
  const existing = into[key];
  if (isObject(existing) && isObject(incoming)) {
    for (const [childKey, child] of Object.entries(incoming)) merge(existing, childKey, child);
    return;
  }
  if (Array.isArray(existing) && Array.isArray(incoming)) {
    const last = existing[existing.length - 1];
    const element = incoming[0]!;
    const joinsLast = isObject(last) && isObject(element) && !collides(last, element);
    if (joinsLast) {
      for (const [childKey, child] of Object.entries(element)) merge(last, childKey, child);
    } else {
      existing.push(element);
    }
    return;
  }
  into[key] = incoming; // a plain value, or a shape that contradicts the earlier one: the later pair wins
}

/**
 * Parses a query string or an `application/x-www-form-urlencoded` body the way Stripe does:
 * named brackets nest (numeric names too: `expand[0]` is `{ '0': … }` until a parameter's schema
 * asks for an array, see `formArray` in params.ts, because under `metadata` a number is a name),
 * empty brackets append to an array, every leaf stays a string.
 */
export function parseStripeForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = keyPath(key);
    if (path.some((segment) => FORBIDDEN_KEYS.has(segment))) continue;
    merge(root, path[0]!, structureOf(path, value));
  }
  return root;
}
