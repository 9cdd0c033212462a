// The app's own users (a JSON file: this is a toy, a real app has its database) and its sign-in
// sessions (random cookie values, in memory: a restart signs everyone out, which a toy can afford).
// Creditcast is told about a user only through its external id; this table remembers the Creditcast
// user id it answered and which checkout sessions each user started.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface User {
  /** This app's id: what Creditcast calls the external id. */
  id: string;
  name: string;
  email: string;
  /** Creditcast's id for this user, once the upsert answered. */
  creditcastUserId: string | null;
  /** Checkout sessions this user started: only they may ask about them. */
  checkoutSessions: string[];
  /** What Creditcast's events said about a low balance (events.ts); absent until the first event. */
  lowBalance?: LowBalance;
}

/** The "Low balance" flag, the threshold it was raised at, and the newest event version applied. */
export interface LowBalance {
  low: boolean;
  threshold: number;
  version: number;
}

/** A name to sign in with: letters, digits, space, dot, dash or underscore, 1–40 of them. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/;

export function userStore(file: string) {
  const users = new Map<string, User>(
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as User[]).map((u) => [u.id, u]) : [],
  );
  const sessions = new Map<string, string>(); // cookie value → user id

  function save(): void {
    mkdirSync(dirname(file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify([...users.values()], null, 2));
    renameSync(`${file}.tmp`, file);
  }

  return {
    /** The user with this name (names are unique here, case-insensitively), made on first sign-in. */
    findOrCreate(name: string): User {
      const existing = [...users.values()].find((u) => u.name.toLowerCase() === name.toLowerCase());
      if (existing) return existing;
      const id = `va_${randomUUID()}`;
      const slug =
        name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'user';
      const user: User = {
        id,
        name,
        email: `${slug}.${id.slice(3, 11)}@video-app.example`,
        creditcastUserId: null,
        checkoutSessions: [],
      };
      users.set(id, user);
      save();
      return user;
    },
    linkCreditcast(user: User, creditcastUserId: string): void {
      user.creditcastUserId = creditcastUserId;
      save();
    },
    rememberCheckout(user: User, sessionId: string): void {
      user.checkoutSessions.push(sessionId);
      save();
    },
    byId(id: string): User | undefined {
      return users.get(id);
    },
    setLowBalance(user: User, lowBalance: LowBalance | undefined): void {
      user.lowBalance = lowBalance;
      save();
    },
    signIn(user: User): string {
      const cookie = randomBytes(24).toString('base64url');
      sessions.set(cookie, user.id);
      return cookie;
    },
    signOut(cookie: string): void {
      sessions.delete(cookie);
    },
    bySession(cookie: string | undefined): User | undefined {
      const id = cookie ? sessions.get(cookie) : undefined;
      return id ? users.get(id) : undefined;
    },
  };
}

export type UserStore = ReturnType<typeof userStore>;
