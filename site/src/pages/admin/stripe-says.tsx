// Stripe's own word beside ours on the user page (asked on open: GET /api/admin/users/{id}/stripe),
// the "could not be reached" line when it did not answer, and "Settle" for a purchase Stripe says
// is paid that we never credited (POST /api/admin/purchases/{id}/settle: credits it exactly once).
import { createSignal, type Resource, Show } from 'solid-js';
import { adminApi } from '../../lib/admin-api';
import type { AdminPurchase } from '../../lib/api';
import { credits } from '../../lib/i18n';
import { at } from './admin-i18n';
import { errorText } from './admin-ui';
import { statusWord } from './status-words';

type Report = Awaited<ReturnType<typeof adminApi.stripeStatus>>;
type Reached = Extract<Report, { reachable: true }>;
export type StripeReport = Resource<Report>;

const reached = (report: StripeReport): Reached | undefined => {
  const r = report.latest;
  return r?.reachable ? r : undefined;
};

export function StripeSays(props: { report: StripeReport; word: (r: Reached) => string | undefined }) {
  return (
    <Show
      when={!props.report.loading || props.report.latest}
      fallback={<span class="muted">{at('stripe_checking')}</span>}
    >
      <Show when={reached(props.report)} fallback={at('none')}>
        {(r) => {
          const word = props.word(r());
          return word ? statusWord(word) : at('none');
        }}
      </Show>
    </Show>
  );
}

export function StripeUnreachable(props: { report: StripeReport }) {
  return (
    <Show when={props.report.error || props.report.latest?.reachable === false}>
      <p role="status" class="notice">
        {at('stripe_unreachable')}
      </p>
    </Show>
  );
}

const PENDING: readonly string[] = ['open', 'processing'];

export function SettleButton(props: {
  purchase: AdminPurchase;
  report: StripeReport;
  onSettled: (message: string) => void;
}) {
  const [sending, setSending] = createSignal(false);
  const [failure, setFailure] = createSignal<string>();
  const paidHere = () =>
    PENDING.includes(props.purchase.status) && reached(props.report)?.purchases[props.purchase.sessionId] === 'paid';
  const settle = async () => {
    if (sending()) return;
    setSending(true);
    setFailure(undefined);
    try {
      const result = await adminApi.settle(props.purchase.sessionId);
      props.onSettled(
        at('settled_done', {
          session: props.purchase.sessionId,
          status: statusWord(result.status),
          balance: credits(result.balance),
        }),
      );
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setSending(false);
    }
  };
  return (
    <Show when={paidHere()}>
      <button type="button" class="button primary" disabled={sending()} aria-busy={sending()} onClick={settle}>
        {sending() ? at('sending') : at('settle')}
        <span class="visually-hidden"> {props.purchase.sessionId}</span>
      </button>
      <Show when={failure()}>
        <small role="alert" class="field-error">
          {failure()}
        </small>
      </Show>
    </Show>
  );
}
