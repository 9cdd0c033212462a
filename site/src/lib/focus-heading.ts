// After an in-app navigation, moves focus to the new page's main heading (h1), as a full page load
// would put a screen reader at the top: otherwise focus stays on the clicked link in the header.
import { useLocation } from '@solidjs/router';
import { createEffect, on, onCleanup } from 'solid-js';

/** Gives up waiting for a lazy page's h1 after this long. */
const WAIT_MS = 10_000;

/** Focuses `main h1` once it is rendered, unless the user has already moved focus into the page. */
export function focusHeadingWhenShown(main: () => HTMLElement | undefined): () => void {
  const started = Date.now();
  let frame = 0;
  const tick = () => {
    const root = main();
    const active = document.activeElement;
    // The page (or the user) already put focus somewhere inside it, e.g. a form's first field.
    if (root && active && active !== document.body && root.contains(active)) return;
    const heading = root?.querySelector('h1');
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: false });
      return;
    }
    if (Date.now() - started < WAIT_MS) frame = requestAnimationFrame(tick);
  };
  frame = requestAnimationFrame(tick);
  return () => cancelAnimationFrame(frame);
}

/** In a router component: focus the h1 after every in-app navigation (not on the first load). */
export function useFocusHeadingOnNavigate(main: () => HTMLElement | undefined): void {
  const location = useLocation();
  createEffect(
    on(
      () => location.pathname,
      () => onCleanup(focusHeadingWhenShown(main)),
      { defer: true },
    ),
  );
}
