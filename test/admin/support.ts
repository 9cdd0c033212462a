// Shared by the console's tests: operators, audit rows, and a real purchase paid on the emulator.
import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { type Account, api, signUp } from '../helpers';
import { emulator } from '../stripe-helpers';

export async function setRole(user: Account, role: 'user' | 'operator') {
  await env.DB.prepare('UPDATE users SET role = ? WHERE id = ?').bind(role, user.id).run();
}

export async function operator(): Promise<Account> {
  const op = await signUp();
  await setRole(op, 'operator');
  return op;
}

export async function auditRows(): Promise<{ actor: string; action: string; target: string; detail: string }[]> {
  const { results } = await env.DB.prepare('SELECT actor, action, target, detail FROM audit_log ORDER BY id').all<{
    actor: string;
    action: string;
    target: string;
    detail: string;
  }>();
  return results;
}

/** A real purchase on the emulator, credited through the success page's status call. */
export async function creditedPurchase(user: Account) {
  const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
  const { sessionId } = (await created.json()) as { sessionId: string };
  await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ deliverWebhooks: false }),
  });
  expect(await (await api(`/api/checkout/${sessionId}`, { cookie: user.cookie })).json()).toMatchObject({
    status: 'credited',
  });
  return sessionId;
}

/** A purchase paid on Stripe whose webhook never came and whose success page was never seen. */
export async function lostWebhookPurchase(user: Account) {
  const created = await api('/api/checkout', { method: 'POST', cookie: user.cookie, body: { packId: 'starter' } });
  const { sessionId } = (await created.json()) as { sessionId: string };
  await emulator(`/_emulator/checkout/sessions/${sessionId}/pay`, {
    method: 'POST',
    body: JSON.stringify({ deliverWebhooks: false }),
  });
  return sessionId;
}
