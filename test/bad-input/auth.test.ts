// Bad input to sign-up and login (docs/api.md "Accounts"): arbitrary bodies answer 201 or a 4xx
// with the one error shape, never 5xx, and a refused body creates nothing; passwords that are not
// valid Unicode are refused. Generated with fast-check from a seed (VITE_RELIABILITY_SEED replays).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signUp, uniqueEmail } from '../helpers';
import { count, reliabilitySeed } from '../reliability/support';
import {
  contentTypeArb,
  isErrorBody,
  isJsonType,
  isPlainObject,
  nonString,
  plainEmail,
  postJson,
  RawBody,
  rawNonJson,
  replayHint,
  SLOW,
  seenByServer,
  tally,
} from './support';

const FILE = 'auth.test.ts';

describe('POST /api/auth/signup under arbitrary bodies', () => {
  it(
    'answers 201, or 400/409 with the error shape, never 5xx; a 400 or 409 creates no user (property)',
    SLOW,
    async ({ onTestFailed }) => {
      const seed = reliabilitySeed();
      onTestFailed(() => console.error(replayHint(FILE, seed)));
      const taken = await signUp();
      const emailArb = fc.oneof(
        { weight: 4, arbitrary: plainEmail },
        { weight: 1, arbitrary: plainEmail.map((e) => ` ${e.toUpperCase()} `) },
        { weight: 3, arbitrary: fc.constantFrom(taken.email, taken.email.toUpperCase(), `  ${taken.email} `) },
        { weight: 1, arbitrary: fc.emailAddress() },
        { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
        { weight: 1, arbitrary: fc.constantFrom('', 'a@b', '@example.com', 'x@', `${'a'.repeat(250)}@example.com`) },
        { weight: 1, arbitrary: nonString },
      );
      const passwordArb = fc.oneof(
        { weight: 4, arbitrary: fc.string({ minLength: 8, maxLength: 30 }) },
        { weight: 2, arbitrary: fc.string({ maxLength: 7 }) },
        { weight: 1, arbitrary: fc.constantFrom('x'.repeat(1024), 'x'.repeat(1025)) },
        { weight: 1, arbitrary: nonString },
      );
      const bodyArb = fc.oneof(
        { weight: 6, arbitrary: fc.record({ email: emailArb, password: passwordArb }) },
        { weight: 1, arbitrary: fc.record({ email: emailArb, password: passwordArb }, { requiredKeys: [] }) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
        { weight: 1, arbitrary: rawNonJson },
      );
      const outcomes = tally();

      await fc.assert(
        fc.asyncProperty(bodyArb, contentTypeArb, async (body, contentType) => {
          const sent = seenByServer(body, contentType);
          const email = isPlainObject(sent) && typeof sent.email === 'string' ? sent.email.trim().toLowerCase() : null;
          const existed = email !== null && (await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', email)) > 0;
          const usersBefore = await count('SELECT COUNT(*) AS n FROM users');

          const res = await postJson('/api/auth/signup', body, { contentType });
          const json = await res.json();
          expect([201, 400, 409]).toContain(res.status);
          outcomes.add(res.status);
          const usersAfter = await count('SELECT COUNT(*) AS n FROM users');
          if (res.status === 201) {
            expect(existed).toBe(false);
            expect(json).toEqual({ user: { id: expect.any(String), email, credits: 0 } });
            expect(res.headers.get('set-cookie')).toMatch(/^cc_session=[0-9a-f]{64};/);
            expect(usersAfter).toBe(usersBefore + 1);
            expect(await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', email)).toBe(1);
            return;
          }
          expect(res.headers.get('set-cookie')).toBeNull();
          expect(usersAfter).toBe(usersBefore);
          if (res.status === 409) {
            expect(existed).toBe(true);
            expect(json).toEqual({
              error: { code: 'email_taken', message: 'An account with this email already exists.' },
            });
          } else {
            const code = body instanceof RawBody && isJsonType(contentType) ? 'invalid_json' : 'invalid_request';
            expect(isErrorBody(json, [code]), JSON.stringify(json)).toBe(true);
          }
        }),
        { seed, numRuns: 150 },
      );
      // Not vacuous: the generator reached every answer.
      expect(outcomes.keys(), `outcomes: ${outcomes}`).toEqual(['201', '400', '409']);
    },
  );
});

describe('passwords that are not valid Unicode', () => {
  // Lone surrogates all become U+FFFD when hashed as UTF-8: "pass\uD800word" and "pass\uDBFFword"
  // would be the same password.
  it.each([
    ['a lone high surrogate', 'password\uD800'],
    ['a lone low surrogate', '\uDC00password'],
    ['a reversed pair', 'pass\uDE00\uD83Dword'],
  ])('with %s are refused with 400 at sign-up and login, and no account is made', async (_label, password) => {
    const email = uniqueEmail('surrogate');
    const expected = {
      error: { code: 'invalid_request', message: 'password: must be valid Unicode text (no unpaired surrogates)' },
    };
    const signup = await postJson('/api/auth/signup', { email, password });
    expect(signup.status).toBe(400);
    expect(await signup.json()).toEqual(expected);
    expect(await count('SELECT COUNT(*) AS n FROM users WHERE email = ?', email)).toBe(0);
    const login = await postJson('/api/auth/login', { email, password });
    expect(login.status).toBe(400);
    expect(await login.json()).toEqual(expected);
  });

  it('a well-formed pair (an emoji) is an ordinary password', async () => {
    const email = uniqueEmail('emoji');
    expect((await postJson('/api/auth/signup', { email, password: 'password 🙂' })).status).toBe(201);
    expect((await postJson('/api/auth/login', { email, password: 'password 🙂' })).status).toBe(200);
    expect((await postJson('/api/auth/login', { email, password: 'password 🙃' })).status).toBe(401);
  });
});
