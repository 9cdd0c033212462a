// The warning a refused grant shows (409 settle_instead): which payment Stripe already took, a
// "Settle instead" button when there is a session to settle (it credits exactly once), and
// "Grant anyway" for a grant that is really for something else (sent with force).
import { createSignal, Show } from 'solid-js';
import { adminApi } from '../../lib/admin-api';
import { credits } from '../../lib/i18n';
import { at } from './admin-i18n';
import { ErrorAlert } from './admin-ui';
import { statusWord } from './status-words';

export function SettleInstead(props: {
  fields: Record<string, string>;
  sending: boolean;
  onGrantAnyway: () => void;
  onSettled: (message: string) => void;
}) {
  const [settling, setSettling] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  let warning!: HTMLDivElement;
  const named = () => props.fields.sessionId ?? props.fields.invoiceId ?? '';
  // A paid-but-uncredited session can be settled; a payment already credited only warns.
  const settle = async () => {
    const sessionId = props.fields.sessionId;
    if (!sessionId || settling()) return;
    setSettling(true);
    setFailure(undefined);
    try {
      const result = await adminApi.settle(sessionId);
      props.onSettled(
        at('settled_done', { session: sessionId, status: statusWord(result.status), balance: credits(result.balance) }),
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setSettling(false);
    }
  };
  return (
    <div
      role="alert"
      class="alert stack"
      tabindex="-1"
      ref={(el) => queueMicrotask(() => (warning = el) && warning.focus())}
    >
      <p>{at(props.fields.sessionId ? 'settle_warning' : 'settle_warning_credited', { id: named() })}</p>
      <div class="row">
        <Show when={props.fields.sessionId}>
          <button type="button" class="button primary" disabled={settling()} aria-busy={settling()} onClick={settle}>
            {settling() ? at('sending') : at('settle_instead')}
          </button>
        </Show>
        <button
          type="button"
          class="button"
          disabled={props.sending || settling()}
          onClick={() => props.onGrantAnyway()}
        >
          {at('grant_anyway')}
        </button>
      </div>
      <ErrorAlert error={failure()} />
    </div>
  );
}
