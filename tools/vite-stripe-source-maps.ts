// A Vite plugin for the workerd test configs: stripe 23 ships source maps whose sources are
// missing, and Vite would print a warning for each of its files on every run.
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export const stripeWithoutSourceMaps: Plugin = {
  name: 'strip-stripe-source-maps',
  enforce: 'pre',
  load(id) {
    if (!/node_modules[\\/]stripe[\\/].*\.js$/.test(id)) return null;
    return readFileSync(id.split('?')[0]!, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  },
};
