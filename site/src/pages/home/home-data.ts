// The home page's data: packs, the recent ledger (refreshed on every balance change), and the buy and spend actions.
import { createEffect, createSignal, on } from 'solid-js';
import { ApiError, type HistoryRow, type Pack } from '../../lib/api';
import { creditsApi } from '../../lib/credits-api';
import { historyApi } from '../../lib/history-api';
import { balance, reportBalance } from '../../lib/live-balance';
import { createPackCheckout } from '../../lib/pack-checkout';
import { pendingKey } from '../../lib/pending-key';

export const LEDGER_LIMIT = 10;
export const DEMO_SPEND = 10;

export type Notice =
  | { tone: 'ok' | 'error'; key: 'spend_done' | 'err_insufficient' | 'error_network' | 'error_generic' }
  | { tone: 'error'; text: string };

function errorNotice(error: unknown): Notice {
  if (error instanceof ApiError) {
    if (error.status === 0) return { tone: 'error', key: 'error_network' };
    if (error.message) return { tone: 'error', text: error.message };
  }
  return { tone: 'error', key: 'error_generic' };
}

export function createHomeData() {
  const [packs, setPacks] = createSignal<Pack[]>();
  const [packsError, setPacksError] = createSignal<Notice>();
  const [ledger, setLedger] = createSignal<HistoryRow[]>();
  const [ledgerError, setLedgerError] = createSignal<Notice>();
  const [buyError, setBuyError] = createSignal<Notice>();
  const [spending, setSpending] = createSignal(false);
  // One click on "Spend 10 credits" only asks: the demo spends real credits, so it takes a second, explicit
  // "Yes" in the page (not window.confirm, which a screen reader and the zh page can't style or translate).
  const [confirmingSpend, setConfirmingSpend] = createSignal(false);
  const [spendNotice, setSpendNotice] = createSignal<Notice>();

  creditsApi
    .packs()
    .then(setPacks)
    .catch((error) => setPacksError(errorNotice(error)));

  // Refreshes can overlap (two live changes in a row); only the newest answer is shown.
  let ledgerRequest = 0;
  const refreshLedger = async () => {
    const id = ++ledgerRequest;
    try {
      // The statement's rows (GET /api/history), as the history page shows them: a render is one hold row.
      const page = await historyApi.page({ limit: LEDGER_LIMIT });
      if (id !== ledgerRequest) return;
      setLedger(page.entries);
      setLedgerError(undefined);
    } catch (error) {
      if (id === ledgerRequest) setLedgerError(errorNotice(error));
    }
  };
  void refreshLedger();
  // Every accepted balance change (a live push, or a poll while the socket is down) means new ledger rows.
  createEffect(on(balance, () => void refreshLedger(), { defer: true }));

  const { buying, buy } = createPackCheckout({
    start: () => setBuyError(undefined),
    failed: (error) => setBuyError(errorNotice(error)),
  });

  // Kept (in sessionStorage, so a reload keeps it too) across attempts whose outcome is unknown
  // (network error, 5xx): retrying with the same key can't spend twice. Cleared once the server has
  // given a definite answer.
  const spendKey = pendingKey('spend');
  const askSpend = () => {
    setSpendNotice(undefined);
    setConfirmingSpend(true);
  };
  const cancelSpend = () => setConfirmingSpend(false);
  /** The confirmed spend: the only path that calls the server. */
  const spendDemo = async () => {
    if (spending()) return;
    setConfirmingSpend(false);
    setSpending(true);
    setSpendNotice(undefined);
    try {
      const result = await creditsApi.spend(DEMO_SPEND, 'demo', spendKey.take(`${DEMO_SPEND}:demo`));
      spendKey.settle();
      reportBalance(result.credits); // shown only if the socket is down; otherwise its push is already on the way
      setSpendNotice({ tone: 'ok', key: 'spend_done' });
      void refreshLedger();
    } catch (error) {
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) spendKey.settle();
      setSpendNotice(
        error instanceof ApiError && error.status === 402
          ? { tone: 'error', key: 'err_insufficient' }
          : errorNotice(error),
      );
    } finally {
      setSpending(false);
    }
  };

  return {
    packs,
    packsError,
    ledger,
    ledgerError,
    buying,
    buyError,
    buy,
    spending,
    spendNotice,
    confirmingSpend,
    askSpend,
    cancelSpend,
    spendDemo,
  };
}
