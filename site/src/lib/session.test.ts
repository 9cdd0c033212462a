// Specifies where sign-in may send the user next, and which sign-out notice a tab shows: another tab's, or a remote end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../../packages/client/src/fake-socket';
import { CLOSE_SESSION_ENDED, SESSION_ENDED_REASON } from '../../../worker/live/protocol';
import { safeNext } from './session';

describe('safeNext', () => {
  it('keeps a path on this site, query included', () => {
    expect(safeNext('/en/payment/success?session_id=cs_1', '/en')).toBe('/en/payment/success?session_id=cs_1');
  });

  it('falls back for anything that could leave the site or is missing', () => {
    for (const next of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'en', '', undefined, ['/en']]) {
      expect(safeNext(next, '/zh')).toBe('/zh');
    }
  });
});

/** A BroadcastChannel the test speaks on for "another tab"; records what this tab posts. */
class FakeChannel {
  static made: FakeChannel[] = [];
  posted: unknown[] = [];
  private listeners: ((event: MessageEvent) => void)[] = [];
  constructor(readonly name: string) {
    FakeChannel.made.push(this);
  }
  addEventListener(_type: 'message', listener: (event: MessageEvent) => void) {
    this.listeners.push(listener);
  }
  postMessage(data: unknown) {
    this.posted.push(data);
  }
  /** Another tab of this browser posts `data`. */
  fromOtherTab(data: unknown) {
    for (const listener of this.listeners) listener({ data } as MessageEvent);
  }
}

describe('why the session ended', () => {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  /** A page load, signed in, with its live socket open: a fresh session module over fakes. */
  async function signedInTab() {
    vi.resetModules();
    FakeChannel.made = [];
    FakeSocket.made = [];
    vi.stubGlobal('BroadcastChannel', FakeChannel);
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('location', { href: 'http://cc.test/en' });
    vi.stubGlobal('navigator', { onLine: true });
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/auth/me'
          ? json(200, { id: 1, email: 'a@b.c', credits: 5, role: 'user' })
          : new Response(null, { status: 204 }),
      ),
    );
    const session = await import('./session');
    await session.loadSession();
    await vi.advanceTimersByTimeAsync(0); // the socket connects after a microtask
    FakeSocket.latest().open();
    return { session, channel: FakeChannel.made[0]!, socket: FakeSocket.latest() };
  }
  const serverEndsSession = (socket: FakeSocket) => socket.serverClose(CLOSE_SESSION_ENDED, SESSION_ENDED_REASON);

  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('a 4001 close with no sign-out in this browser is a remote end (another device, a password change)', async () => {
    const { session, socket } = await signedInTab();
    expect(session.sessionEnd()).toBeNull();
    serverEndsSession(socket);
    expect(session.user()).toBeNull();
    expect(session.sessionEnd()).toBe('remote');
  });

  it('the 4001 caused by another tab signing out is that tab, even when it beats the tab’s "signed-out"', async () => {
    const { session, channel, socket } = await signedInTab();
    channel.fromOtherTab('signing-out'); // sent before that tab's logout request
    serverEndsSession(socket);
    channel.fromOtherTab('signed-out');
    expect(session.sessionEnd()).toBe('other_tab');
  });

  it('another tab’s "signed-out" while this socket was down is that tab too', async () => {
    const { session, channel } = await signedInTab();
    channel.fromOtherTab('signed-out');
    expect(session.user()).toBeNull();
    expect(session.sessionEnd()).toBe('other_tab');
  });

  it('signing out here tells the other tabs before the logout request, then after it', async () => {
    const { session, channel } = await signedInTab();
    const fetchMock = vi.mocked(fetch);
    fetchMock.mockImplementationOnce(async () => {
      expect(channel.posted).toEqual(['signing-out']); // already told when the request leaves
      return new Response(null, { status: 204 });
    });
    await session.signOut();
    expect(channel.posted).toEqual(['signing-out', 'signed-out']);
    expect(session.sessionEnd()).toBeNull(); // this tab's own sign-out is not news to it
  });
});
