// Shared by the fixture-shape tests: Stripe's own example objects (fixtures/stripe-fixtures.json) and the check
// that every object the emulator served carries each top-level field of its resource's example.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// Vendored in the repository (see fixtures/README.md), so a fresh clone runs every test that reads it.
const fixturePath = fileURLToPath(new URL('./fixtures/stripe-fixtures.json', import.meta.url));
export const fixtureFile = JSON.parse(readFileSync(fixturePath, 'utf8')) as {
  source: string;
  resources: Record<string, Record<string, unknown>>;
};

/** One object the emulator answered or sent, `label` naming it in a failure. */
export interface ServedObject<R extends string> {
  resource: R;
  label: string;
  object: object;
}

/**
 * One test per resource (`title` with `%s` for it): at least one such object was served, the fixture is a real
 * example (more than a handful of fields), and no served object lacks a top-level field of it.
 */
export function itCarriesFixtureFields<R extends string>(
  resources: readonly R[],
  served: ReadonlyArray<ServedObject<R>>,
  title = '%s objects lack no top-level field of the fixture',
): void {
  it.each([...resources])(title, (resource) => {
    const objects = served.filter((entry) => entry.resource === resource);
    expect(objects.length).toBeGreaterThan(0);
    const fixtureKeys = Object.keys(fixtureFile.resources[resource] ?? {}).sort();
    expect(fixtureKeys.length).toBeGreaterThan(5);
    for (const { label, object } of objects) {
      const missing = fixtureKeys.filter((key) => !(key in object));
      expect({ label, missing }).toEqual({ label, missing: [] });
    }
  });
}
