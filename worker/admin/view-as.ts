// "View as the user sees it": the customer's own history, exactly as /api/history answers them
// (their notes, never the internal side), read-only, for an operator answering a ticket. Looking is
// recorded: an audit row per view (its first page), since it shows a customer's activity.
import { findAccount } from '../accounts/users';
import { auditRow } from '../audit/log';
import { runBatch } from '../db/batch';
import type { Db } from '../db/client';
import { notFound } from '../errors';
import { listHistory } from '../history/reading';

const PAGE = 50;

export async function viewAsUser(db: Db, operator: { id: string }, userId: string, beforeId?: number) {
  const account = await findAccount(db, { id: userId });
  if (!account) throw notFound('user_not_found', 'No such user.');
  if (beforeId === undefined) {
    await runBatch(db, [auditRow({ actor: operator.id, action: 'user.view_as', target: userId })]);
  }
  const history = await listHistory(db, userId, { limit: PAGE, beforeId });
  return { user: { id: account.id, email: account.email, credits: account.credits }, history };
}
