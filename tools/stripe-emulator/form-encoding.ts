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

/**
 * Parses a query string or an `application/x-www-form-urlencoded` body the way Stripe does:
 * brackets nest, numeric or empty brackets make arrays, every leaf stays a string.
 */
export function parseStripeForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = keyPath(key);
    if (path.some((segment) => FORBIDDEN_KEYS.has(segment))) continue;
    let container: FormObject = root;
    for (let i = 0; i < path.length - 1; i++) {
      const segment = path[i] === '' ? String(Object.keys(container).length) : path[i]!;
      const next = container[segment];
      if (next === undefined || typeof next === 'string') {
        const created: FormObject = {};
        container[segment] = created;
        container = created;
      } else {
        container = next as FormObject;
      }
    }
    const last = path[path.length - 1]!;
    container[last === '' ? String(Object.keys(container).length) : last] = value;
  }
  return arraysFromIndexedObjects(root) as FormObject;
}

/**
 * Objects whose keys are all 0..n-1 become arrays. Metadata keeps its keys even when they are
 * numbers, because there they are the merchant's names, not positions.
 */
function arraysFromIndexedObjects(value: FormValue, ownKey = ''): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const isMetadata = ownKey === 'metadata';
  const entries = Object.entries(value).map(
    ([key, child]) => [key, isMetadata ? child : arraysFromIndexedObjects(child, key)] as const,
  );
  const keys = entries.map(([key]) => key);
  const indexed =
    !isMetadata &&
    keys.length > 0 &&
    keys.every((key) => /^\d+$/.test(key)) &&
    keys
      .map(Number)
      .sort((a, b) => a - b)
      .every((n, i) => n === i);
  if (indexed) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => child);
  }
  return Object.fromEntries(entries);
}
