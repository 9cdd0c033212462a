// Lazy page chunks that survive a bad network and a new deploy: retry the import, and reload once to
// the new build when the chunk is gone because index.html now names other assets.
import { type Component, createComponent, lazy, Suspense } from 'solid-js';
import { t } from './i18n';
import { loadPageWords } from './page-words';

/** Waits between import attempts while online: 0.5 s, 1 s, 2 s (then the error boundary offers a retry). */
const RETRY_DELAYS_MS = [500, 1_000, 2_000];
/** sessionStorage key: the entry script we last reloaded to, so a build is reloaded to at most once. */
const RELOADED_KEY = 'creditcast:reloaded-to';

export interface ChunkEnvironment {
  online(): boolean;
  /** Resolves when the browser says it is back online. */
  whenOnline(): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** The entry script the running page was built with, and the one the server's index.html names now. */
  currentEntry(): string | null;
  deployedEntry(): Promise<string | null>;
  reload(): void;
  /** What we last reloaded to (sessionStorage); survives the reload itself. */
  reloadedTo(): string | null;
  rememberReload(entry: string): void;
}

/** The entry script named by an index.html (the module script under /assets/), or null. */
export function entryOf(html: string): string | null {
  const match =
    /<script[^>]*type="module"[^>]*src="([^"]+)"/i.exec(html) ??
    /<script[^>]*src="([^"]+)"[^>]*type="module"/i.exec(html);
  return match?.[1] ?? null;
}

let navigationTarget: string | null = null;

/**
 * The router is about to go to `to` (a path, or a history step for back/forward, whose URL is
 * already in the address bar). Called from the layout's useBeforeLeave.
 */
export function rememberNavigationTarget(to: string | number): void {
  navigationTarget = typeof to === 'string' ? to : null;
}

export const browserEnvironment: ChunkEnvironment = {
  online: () => navigator.onLine,
  whenOnline: () =>
    new Promise((resolve) => {
      if (navigator.onLine) return resolve();
      window.addEventListener('online', () => resolve(), { once: true });
    }),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  currentEntry: () =>
    document.querySelector<HTMLScriptElement>('script[type="module"][src]')?.getAttribute('src') ?? null,
  deployedEntry: async () => {
    const res = await fetch('/', { cache: 'no-store', headers: { accept: 'text/html' } });
    return res.ok ? entryOf(await res.text()) : null;
  },
  // Mid-navigation the address bar still shows the page we are leaving: go where the user was going.
  reload: () => (navigationTarget ? location.assign(navigationTarget) : location.reload()),
  reloadedTo: () => sessionStorage.getItem(RELOADED_KEY),
  rememberReload: (entry) => sessionStorage.setItem(RELOADED_KEY, entry),
};

/** Thrown when a chunk cannot be had; the page's error boundary shows a translated retry. */
export class ChunkLoadError extends Error {
  constructor(readonly cause: unknown) {
    super('A page of the site could not be loaded.');
    this.name = 'ChunkLoadError';
  }
}

/**
 * Loads a chunk: offline, waits for the network and tries again (as often as it takes); online,
 * retries a few times, and if the server now names another build, reloads to it once (a never-
 * resolving promise, as the page is going away). Otherwise throws ChunkLoadError.
 */
export async function loadChunk<T>(load: () => Promise<T>, env: ChunkEnvironment = browserEnvironment): Promise<T> {
  let failures = 0;
  for (;;) {
    try {
      return await load();
    } catch (error) {
      if (!env.online()) {
        await env.whenOnline();
        continue;
      }
      const deployed = await env.deployedEntry().catch(() => null);
      const current = env.currentEntry();
      if (deployed && current && deployed !== current && env.reloadedTo() !== deployed) {
        env.rememberReload(deployed);
        env.reload();
        return new Promise<T>(() => undefined);
      }
      const delay = RETRY_DELAYS_MS[failures++];
      if (delay === undefined) throw new ChunkLoadError(error);
      await env.sleep(delay);
    }
  }
}

/**
 * The page inside a Suspense boundary of its own, so what the page itself loads (a createResource read
 * while it renders) waits there and never in the layout's boundary (PageBoundary). That boundary then only
 * ever waits for page code and words, inside the router's navigation transition. Why it matters: a page's
 * resource counted in the shared boundary that settled after a navigation had begun but before the next
 * page's code arrived left the boundary suspended in the committed state: the URL and header said the new
 * page, the old page stayed on screen for good (a header link clicked right after a reload, e2e).
 */
function inOwnBoundary<P extends object>(Page: Component<P>): Component<P> {
  return (props) =>
    createComponent(Suspense, {
      get fallback() {
        const p = document.createElement('p');
        p.className = 'muted';
        p.textContent = t('loading');
        return p;
      },
      get children() {
        return createComponent(Page, props);
      },
    });
}

/**
 * `lazy()` with loadChunk's retries and reload-to-new-build; the page's own words (registered when
 * its chunk ran) are loaded in the current locale before it renders, with the same retries; the page
 * renders in its own Suspense boundary (inOwnBoundary).
 */
// biome-ignore lint/suspicious/noExplicitAny: the same bound as Solid's own lazy().
export function lazyPage<T extends Component<any>>(load: () => Promise<{ default: T }>) {
  return lazy(() =>
    loadChunk(async () => {
      const page = await load();
      await loadPageWords();
      return { default: inOwnBoundary(page.default) as T };
    }),
  );
}
