// <creditcast-balance base-url="https://credits.example" token-url="/creditcast-token">: the live
// balance as an element. Renders the number, sets `data-status` (live / reconnecting / offline) and
// dispatches `creditcast:change` (detail: the BalanceState) on every update. `token-url` is the
// app's own endpoint answering `{token}` for its signed-in user, fetched with its cookies.
import { connectBalance } from './connect';
import type { TokenAnswer } from './token';
import type { BalanceConnection, BalanceState } from './types';

export const ELEMENT_NAME = 'creditcast-balance';
export const CHANGE_EVENT = 'creditcast:change';

/** Asks the app's endpoint for a browser token (with the page's cookies: it knows its own user). */
export async function fetchToken(tokenUrl: string): Promise<TokenAnswer> {
  const res = await fetch(tokenUrl, { credentials: 'include', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${tokenUrl} answered ${res.status}`);
  return (await res.json()) as { token: string; expiresAt?: string };
}

/** "1,234" in the page's language; an ellipsis until the first number arrives. */
export function balanceText(state: Pick<BalanceState, 'credits'>, lang?: string): string {
  return state.credits === null ? '…' : new Intl.NumberFormat(lang || undefined).format(state.credits);
}

/**
 * Defines the element (once; a no-op outside a browser). The class is made here, not at import,
 * so importing the client where HTMLElement does not exist (a server, a test) is harmless.
 */
export function defineCreditcastBalance(): void {
  const scope = globalThis as { HTMLElement?: typeof HTMLElement; customElements?: CustomElementRegistry };
  if (!scope.HTMLElement || !scope.customElements || scope.customElements.get(ELEMENT_NAME)) return;

  class CreditcastBalance extends scope.HTMLElement {
    static observedAttributes = ['base-url', 'token-url'];
    private connection: BalanceConnection | undefined;

    connectedCallback(): void {
      this.start();
    }

    disconnectedCallback(): void {
      this.connection?.close();
      this.connection = undefined;
    }

    attributeChangedCallback(): void {
      if (!this.connection) return; // not in the page yet: connectedCallback starts it
      this.disconnectedCallback();
      this.start();
    }

    private start(): void {
      const tokenUrl = this.getAttribute('token-url');
      const connection = connectBalance({
        baseUrl: this.getAttribute('base-url') || undefined,
        getToken: tokenUrl ? () => fetchToken(tokenUrl) : undefined,
      });
      this.connection = connection;
      connection.subscribe((state) => {
        if (this.connection !== connection) return;
        this.dataset.status = state.status;
        this.textContent = balanceText(state, this.closest('[lang]')?.getAttribute('lang') ?? undefined);
        this.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: state, bubbles: true }));
      });
    }
  }
  scope.customElements.define(ELEMENT_NAME, CreditcastBalance);
}
