// Who is signed in: the /api/auth/me user as a signal, and the sign-in/sign-out transitions that start and stop the live balance.
import { createSignal } from 'solid-js';
import { ApiError, api, type User } from './api';
import { reportBalance, startLiveBalance, stopLiveBalance } from './live-balance';

/** undefined while the first /me is in flight, null when signed out. */
const [user, setUser] = createSignal<User | null | undefined>(undefined);
/**
 * Why the session ended outside this tab, for the notice: `other_tab` when a tab of this browser signed
 * out (it says so on the channel), `remote` when the server ended it with no local sign-out (another
 * device's "sign out everywhere", a password change, an expired session). null: it did not.
 */
export type SessionEnd = 'other_tab' | 'remote';
const [sessionEnd, setSessionEnd] = createSignal<SessionEnd | null>(null);
const endedElsewhere = () => sessionEnd() !== null;
export { endedElsewhere, sessionEnd, user };

// Sign-out in one tab reaches the others at once: the server closes the session's sockets (every
// tab's live socket sees it), and this channel covers tabs whose socket happened to be down. The
// signing-out tab says "signing-out" BEFORE its logout request, so that the socket close it causes here
// (which usually beats its "signed-out") is not mistaken for a remote end.
const SESSION_CHANNEL = 'creditcast:session';
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(SESSION_CHANNEL);
let tabSigningOut = false;
channel?.addEventListener('message', (event: MessageEvent) => {
  if (event.data === 'signing-out') tabSigningOut = true;
  if (event.data === 'signed-out' && user()) sessionEnded('other_tab');
});

function sessionEnded(why: SessionEnd): void {
  stopLiveBalance();
  setUser(null);
  setSessionEnd(why);
}

/** The page showed the "signed out elsewhere" notice (or the user signed in again). */
export function acknowledgeSignOut(): void {
  setSessionEnd(null);
}

function signedIn(me: User): void {
  setUser(me);
  setSessionEnd(null);
  tabSigningOut = false; // a new session: an old tab's sign-out says nothing about it
  startLiveBalance({ onSignedOut: () => sessionEnded(tabSigningOut ? 'other_tab' : 'remote') });
  // Shows a number at once; the socket's snapshot (versioned) replaces it a moment later.
  reportBalance(me);
}

function signedOut(): void {
  stopLiveBalance();
  setUser(null);
}

/** Asks the server who we are; called once at start-up and after sign-in/sign-up (auth-api.ts). */
export async function loadSession(): Promise<void> {
  try {
    signedIn(await api.me());
  } catch (error) {
    // A 401 is the normal signed-out answer; any other failure also leaves us signed out, and the
    // sign-in page will say what is wrong if the server stays unreachable.
    if (!(error instanceof ApiError && error.status === 401)) console.warn('session check failed', error);
    signedOut();
  }
}

export async function signOut(): Promise<void> {
  // Close our own socket first: the server's "session ended" close is news for the other tabs only.
  stopLiveBalance();
  channel?.postMessage('signing-out');
  try {
    await api.logout();
  } finally {
    // Even if the request failed, the user asked to leave: forget everything locally.
    signedOut();
    channel?.postMessage('signed-out');
  }
}

/**
 * Where to go after signing in: `next` only if it is a path on this site (no `//host` or
 * `https://…`), so a crafted link can't bounce the user elsewhere.
 */
export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return fallback;
  return next;
}
