// `npm run bench:sizes`: only the site half of the bench's sizes row, on the existing site/dist (built
// first if missing), printed per page and locale with each chunk, so a size budget can be checked in
// seconds without the Worker bundle or the live stack. The figures are the same code as `npm run bench`.
import { REPO } from './config';
import { ensureSiteBuilt, measureSite, siteDist } from './phases/sizes';

/** Two decimals: the budget is 30 KiB and a change worth checking is often a tenth of one. */
const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
const detail = process.argv.includes('--chunks');
ensureSiteBuilt(REPO);
const { method, pages } = measureSite(siteDist(REPO));
console.log(`site JavaScript per page and locale (gzip -9, from ${method}):`);
for (const p of pages) {
  console.log(`  ${`${p.page} (${p.locale})`.padEnd(32)} ${kib(p.gzip).padStart(10)} in ${p.chunks.length} chunks`);
  if (!detail) continue;
  for (const c of [...p.chunks].sort((a, b) => b.gzip - a.gzip))
    console.log(`      ${kib(c.gzip).padStart(10)}  ${c.file}`);
}
