// The console's Webhooks page in a real browser against the dev stack: an operator adds an endpoint
// (a receiver this test runs on 127.0.0.1), sees its secret once, a user's purchase reaches the
// receiver signed with that secret, the delivery shows in the endpoint's log, and "Resend" sends
// the same message (same webhook-id) again.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPack, CARDS, h1, hasText, header, landOnSuccessPage, payByCard, signUp, visible } from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';
import { operatorPage } from './support';

interface Hook {
  headers: Record<string, string>;
  body: string;
}

/** The app's receiver: records each POST and answers 200; `next(n)` resolves once n arrived (no sleeping). */
function startReceiver() {
  const hooks: Hook[] = [];
  const waiters: { n: number; done: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      hooks.push({ headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body });
      res.writeHead(200).end();
      for (const w of waiters.filter((w) => hooks.length >= w.n)) w.done();
    });
  });
  return {
    hooks,
    server,
    next: (n: number) =>
      hooks.length >= n ? Promise.resolve() : new Promise<void>((done) => waiters.push({ n, done })),
  };
}

describe('the console Webhooks page', () => {
  const e2e = useHarness();
  const receiver = startReceiver();
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((ready) => receiver.server.listen(0, '127.0.0.1', ready));
    url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/creditcast/events`;
  });
  afterAll(() => new Promise<void>((closed) => receiver.server.close(() => closed())));

  it('adds an endpoint (secret once), a purchase is delivered and logged, and Resend sends it again', async () => {
    const { op } = await operatorPage(e2e, 'hooks-operator');
    await op.goto('/en/admin');
    await op.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks', exact: true }).click();
    await visible(h1(op, 'Webhooks'));
    await visible(op.getByText('No endpoints yet.', { exact: true }));

    await op.getByLabel('Endpoint URL').fill(url);
    await op.getByRole('checkbox', { name: 'credits.purchased' }).check();
    await op.getByRole('button', { name: 'Add endpoint', exact: true }).click();
    await visible(op.getByRole('heading', { name: `The signing secret of ${url}` }));
    await visible(op.getByText('Copy it now: it will not be shown again.', { exact: true }));
    const secret = (await op.getByText(/^whsec_/).textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await visible(op.getByRole('cell', { name: url, exact: true }));
    await visible(op.getByRole('cell', { name: 'enabled', exact: true }));

    // A user buys Starter: the receiver gets credits.purchased, signed with the secret shown.
    const buyer = await (await e2e.context()).newPage();
    await signUp(buyer, 'hooks-buyer');
    const sessionId = await buyPack(buyer, e2e.emulatorUrl, 'Starter');
    await payByCard(buyer, CARDS.pays);
    await landOnSuccessPage(buyer, e2e.appUrl, sessionId);
    await hasText(header.balance(buyer), COPY.en.credits(1_000));
    await receiver.next(1);
    const [first] = receiver.hooks;
    expect(new Webhook(secret).verify(first.body, first.headers)).toMatchObject({
      type: 'credits.purchased',
      data: { sessionId, credits: 1000, balance: 1000 },
    });
    const messageId = first.headers['webhook-id'];

    // The log shows the delivery (recorded right after the receiver answered: refresh until it is there).
    await op.getByRole('button', { name: `Delivery log ${url}`, exact: true }).click();
    await visible(op.getByRole('heading', { name: `Deliveries to ${url}` }));
    const row = op.getByRole('row').filter({ hasText: messageId });
    await expect
      .poll(async () => {
        if ((await row.count()) === 0) await op.getByRole('button', { name: 'Refresh', exact: true }).click();
        return row.count();
      })
      .toBe(1);
    expect(await row.textContent()).toContain('delivered');
    expect(await row.textContent()).toContain('200');

    await row.getByRole('button', { name: /^Resend / }).click();
    await visible(op.getByText(`Message ${messageId} queued again (same webhook-id).`, { exact: true }));
    await receiver.next(2);
    expect(receiver.hooks[1]?.headers['webhook-id']).toBe(messageId);
    expect(receiver.hooks[1]?.body).toBe(first.body);
    expect(new Webhook(secret).verify(receiver.hooks[1]?.body ?? '', receiver.hooks[1]?.headers ?? {})).toBeTruthy();
    await expect
      .poll(async () => {
        await op.getByRole('button', { name: 'Refresh', exact: true }).click();
        return op.getByRole('row').filter({ hasText: messageId }).count();
      })
      .toBe(2);
  });
});
