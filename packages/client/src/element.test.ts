// Specifies <creditcast-balance>: a token from the app's token-url (with its cookies), the number
// rendered, data-status, creditcast:change events, and its socket closed when it leaves the page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { balanceText, CHANGE_EVENT, defineCreditcastBalance, ELEMENT_NAME } from './element';
import { balanceFrame, FakeSocket } from './fake-socket';
import type { BalanceState } from './types';

/** Just enough of HTMLElement for the element's code. */
class FakeElement extends EventTarget {
  attributes = new Map<string, string>();
  dataset: Record<string, string> = {};
  textContent = '';
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  closest() {
    return { getAttribute: () => 'en' };
  }
}

type BalanceElement = FakeElement & { connectedCallback(): void; disconnectedCallback(): void };

let registry: Map<string, new () => BalanceElement>;
let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.made = [];
  registry = new Map();
  fetchMock = vi.fn(async () => new Response(JSON.stringify({ token: 'cct_app' })));
  vi.stubGlobal('HTMLElement', FakeElement);
  vi.stubGlobal('customElements', {
    get: (name: string) => registry.get(name),
    define: (name: string, ctor: new () => BalanceElement) => registry.set(name, ctor),
  });
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('<creditcast-balance>', () => {
  it('connects with the token its token-url gives, renders the number and status, and says so in events', async () => {
    defineCreditcastBalance();
    defineCreditcastBalance(); // twice is harmless
    const Element = registry.get(ELEMENT_NAME)!;
    const el = new Element();
    el.attributes.set('base-url', 'https://credits.example');
    el.attributes.set('token-url', '/creditcast-token');
    const events: BalanceState[] = [];
    el.addEventListener(CHANGE_EVENT, (e) => events.push((e as CustomEvent<BalanceState>).detail));
    el.connectedCallback();
    expect(el.textContent).toBe('…');
    expect(el.dataset.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledWith('/creditcast-token', expect.objectContaining({ credentials: 'include' }));
    const socket = FakeSocket.latest();
    expect(socket.url).toBe('wss://credits.example/api/balance/live?token=cct_app');
    socket.open();
    socket.receive(balanceFrame(1234, 2));
    expect(el.textContent).toBe('1,234');
    expect(el.dataset.status).toBe('live');
    socket.receive(balanceFrame(1334, 3, { kind: 'purchase', delta: 100 }));
    expect(events.at(-1)).toMatchObject({ credits: 1334, status: 'live', change: { kind: 'purchase', delta: 100 } });
    el.disconnectedCallback();
    expect(socket.closedByClient).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.made).toHaveLength(1);
  });

  it('retries when the token endpoint refuses (signed out of the app, or down)', async () => {
    fetchMock.mockResolvedValueOnce(new Response('no', { status: 401 }));
    defineCreditcastBalance();
    const el = new (registry.get(ELEMENT_NAME)!)();
    el.attributes.set('base-url', 'https://credits.example');
    el.attributes.set('token-url', '/creditcast-token');
    el.connectedCallback();
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeSocket.made).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(FakeSocket.latest().url).toContain('token=cct_app');
    el.disconnectedCallback();
  });

  it('is a no-op where there is no DOM', () => {
    vi.unstubAllGlobals();
    expect(() => defineCreditcastBalance()).not.toThrow();
  });
});

describe('balanceText', () => {
  it('formats in the page language; an ellipsis before the first number', () => {
    expect(balanceText({ credits: null })).toBe('…');
    expect(balanceText({ credits: 7700 }, 'en')).toBe('7,700');
    expect(balanceText({ credits: 7700 }, 'de')).toBe('7.700');
  });
});
