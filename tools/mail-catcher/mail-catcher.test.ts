// The mail catcher speaks Resend's send call, answers an Idempotency-Key replay with the first
// message, filters by recipient newest first, waits for a count, and keeps its inbox across a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type MailCatcher, startMailCatcher } from './server';

const started: MailCatcher[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((c) => c.close()));
});

async function start(stateFile?: string) {
  const catcher = await startMailCatcher({ port: 0, stateFile });
  started.push(catcher);
  return catcher;
}

const send = (url: string, body: object, key?: string, auth = 'Bearer re_test') =>
  fetch(`${url}/emails`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify({ from: 'Creditcast <no-reply@x.example>', text: 't', html: '<p>h</p>', ...body }),
  });

const messagesFor = async (url: string, to: string, count = 0) =>
  (await (await fetch(`${url}/api/messages?to=${encodeURIComponent(to)}&count=${count}`)).json()) as {
    messages: { id: string; to: string[]; subject: string; text: string; html: string; at: string }[];
  };

describe('mail catcher', () => {
  it('keeps messages per recipient, newest first, and a replayed idempotency key stores nothing new', async () => {
    const { url } = await start();
    const first = await (await send(url, { to: ['a@x.example'], subject: 'one' }, 'k1')).json();
    await send(url, { to: 'b@x.example', subject: 'other' });
    const replay = await (await send(url, { to: ['a@x.example'], subject: 'one again' }, 'k1')).json();
    await send(url, { to: ['A@x.example'], subject: 'two' }, 'k2');
    expect(replay.id).toBe(first.id);
    const { messages } = await messagesFor(url, 'a@x.example');
    expect(messages.map((m) => m.subject)).toEqual(['two', 'one']);
    expect(messages[1]).toMatchObject({ id: first.id, to: ['a@x.example'], text: 't', html: '<p>h</p>' });
  });

  it('refuses a send without a key or without a recipient, as the provider does', async () => {
    const { url } = await start();
    expect((await send(url, { to: ['a@x.example'], subject: 's' }, undefined, '')).status).toBe(401);
    expect((await send(url, { subject: 's' })).status).toBe(422);
    expect((await messagesFor(url, 'a@x.example')).messages).toEqual([]);
  });

  it('answers a count wait once the mail arrives', async () => {
    const { url } = await start();
    const waiting = messagesFor(url, 'late@x.example', 1);
    await send(url, { to: ['late@x.example'], subject: 'finally' });
    expect((await waiting).messages.map((m) => m.subject)).toEqual(['finally']);
  });

  it('keeps its inbox across a restart when given a state file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mail-catcher-')), 'mail.json');
    const before = await start(file);
    await send(before.url, { to: ['kept@x.example'], subject: 'kept' });
    await before.close();
    const after = await start(file);
    expect((await messagesFor(after.url, 'kept@x.example')).messages.map((m) => m.subject)).toEqual(['kept']);
    expect(await (await fetch(after.url)).text()).toContain('kept@x.example');
  });
});
