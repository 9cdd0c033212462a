// The built client keeps its promises: one self-contained ESM file (no imports: no runtime
// dependencies) within its 5 KiB gzip budget, exporting connectBalance and defining the element.
import { describe, expect, it } from 'vitest';
import { bundle, GZIP_BUDGET_BYTES, gzipSize } from './build';

describe('npm run build:client', () => {
  it('bundles to one ESM file with no imports, under 5 KiB gzipped', async () => {
    const code = await bundle();
    expect(gzipSize(code)).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
    expect(code).not.toMatch(/\bimport\s*[{"'*\w]/);
    expect(code).toMatch(/export\s*\{[^}]*connectBalance/);
    expect(code).toContain('creditcast-balance');
  }, 30_000);
});
