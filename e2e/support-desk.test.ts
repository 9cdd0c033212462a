// The lost-webhook ticket end to end (issue 23; docs/support.md ticket 1): a customer pays, the
// webhook never comes and she never sees the success page. The operator pastes the session id,
// sees Stripe say "paid" beside our "open", presses Settle; her open tab shows the credit live; the
// cron afterwards adds nothing; a grant's internal reason never reaches her history, only the note
// (checked in her tab and in the console's read-only "view as the user sees it").
import { describe, expect, it } from 'vitest';
import { buyPack, h1, hasText, header, liveReady, markDocument, signUp, stillSameDocument, visible } from './browser';
import { COPY } from './copy';
import { useHarness } from './harness';
import { operatorPage } from './support';

const en = COPY.en;
const STARTER = 1_000;
const SECRET_REASON = 'VIP, chargeback risk';

describe('the support desk', () => {
  const e2e = useHarness();

  it('settles a paid session whose webhook was lost: found by pasted id, credited once, live, neutral note', async () => {
    // The customer starts Checkout and pays, but no webhook comes and she never sees the success page.
    const userContext = await e2e.context();
    const userTab = await userContext.newPage();
    const { email: userEmail } = await signUp(userTab, 'lost-webhook');
    const sessionId = await buyPack(userTab, e2e.emulatorUrl, 'Starter');
    const paid = await fetch(`${e2e.emulatorUrl}/_emulator/checkout/sessions/${sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ deliverWebhooks: false }),
    });
    expect(paid.status).toBe(200);
    await userTab.goto('/en');
    await visible(h1(userTab, en.homeTitle));
    await liveReady(userTab);
    await hasText(header.balance(userTab), en.credits(0));
    await markDocument(userTab);

    // The operator pastes the session id into search and opens the customer.
    const { op, email: opEmail } = await operatorPage(e2e, 'desk');
    await op.goto('/en/admin');
    await op.getByRole('searchbox').fill(sessionId);
    await op.getByRole('button', { name: 'Search', exact: true }).click();
    await op.getByRole('link', { name: userEmail, exact: true }).click();
    await visible(h1(op, `User ${userEmail}`));

    // Our "open" beside Stripe's "paid", then Settle.
    const row = op.getByRole('row').filter({ hasText: sessionId });
    await visible(row.getByRole('cell', { name: 'open', exact: true }));
    await visible(row.getByRole('cell', { name: 'paid', exact: true }));
    await row.getByRole('button', { name: `Settle ${sessionId}`, exact: true }).click();
    await visible(
      op.getByText(`Settled ${sessionId}: its status is now credited; balance ${en.credits(STARTER)}.`, {
        exact: true,
      }),
    );

    // Her open tab shows it arrive, pushed live, no reload.
    await hasText(header.balance(userTab), en.credits(STARTER));
    expect(await stillSameDocument(userTab)).toBe(true);

    // The cron runs afterwards and adds nothing.
    expect((await fetch(`${e2e.appUrl}/__scheduled`)).status).toBe(200);
    const ledger = async () =>
      ((await (await userContext.request.get('/api/credits/ledger')).json()) as { entries: { kind: string }[] })
        .entries;
    expect((await ledger()).map((e) => e.kind)).toEqual(['purchase']);

    // A goodwill grant with an internal reason and no note: she reads only the neutral sentence.
    await op.getByLabel('Amount (credits)').fill('100');
    await op.getByLabel('Internal reason (required; operators and the audit log only)').fill(SECRET_REASON);
    await op.getByRole('button', { name: 'Review', exact: true }).click();
    await op.getByRole('button', { name: 'Confirm grant', exact: true }).click();
    await hasText(header.balance(userTab), en.credits(STARTER + 100));
    await userTab.goto('/en/history');
    await visible(userTab.getByText('Adjustment by support').first());
    const history = (await userTab.textContent('main')) ?? '';
    expect(history).not.toContain('chargeback');
    expect(history).not.toContain(opEmail);
    expect((await ledger()).map((e) => e.kind)).toEqual(['grant', 'purchase']);

    // The operator checks what she sees: her history, read-only, the same neutral sentence.
    await op.getByRole('link', { name: 'View as the user sees it (read-only)', exact: true }).click();
    await visible(h1(op, `${userEmail}, as they see it`));
    await visible(op.getByRole('cell', { name: 'Adjustment by support', exact: true }));
    expect((await op.textContent('main')) ?? '').not.toContain('chargeback');
  });
});
