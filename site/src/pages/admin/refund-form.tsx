// Refund one purchase (or one plan payment) through Stripe: optional amount (empty = what is left),
// required reason, a confirmation that states the amount and the user, and an idempotency key kept
// until the answer.
import { createSignal, onMount, Show } from 'solid-js';
import { ConfirmStep } from '../../components/form-parts';
import { adminApi } from '../../lib/admin-api';
import type { AdminPurchase } from '../../lib/api';
import { formatMoney, locale } from '../../lib/i18n';
import { pendingKey } from '../../lib/pending-key';
import { type FieldErrors, isDefinite, parseRefund, type RefundField } from './admin-forms';
import { at } from './admin-i18n';
import { ErrorAlert, Field } from './admin-ui';

type Body = Extract<ReturnType<typeof parseRefund>, { ok: true }>['body'];

type Refundable = Pick<AdminPurchase, 'sessionId' | 'amount' | 'amountRefunded' | 'currency'>;

export function RefundForm(props: {
  /** A purchase, or a plan payment (its invoice id in `sessionId`, with `send` set). */
  purchase: Refundable;
  email: string;
  onClose: (done?: string) => void;
  /** Where the refund goes: a purchase's route unless given (a plan payment's). */
  send?: (body: Body & { idempotencyKey: string }) => Promise<{ refundId: string }>;
}) {
  const p = props.purchase;
  const key = pendingKey(`admin-refund:${p.sessionId}`);
  const left = () => p.amount - p.amountRefunded;
  const money = (n: number) => formatMoney(locale(), n, p.currency);
  const [errors, setErrors] = createSignal<FieldErrors<RefundField>>({});
  const [review, setReview] = createSignal<Body>();
  const [sending, setSending] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  let form!: HTMLFormElement;
  let confirmText!: HTMLParagraphElement;
  let alertEl: HTMLElement | undefined;

  onMount(() => form.querySelector<HTMLInputElement>('input')?.focus());

  const onReview = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    const parsed = parseRefund(
      { amount: String(data.get('amount') ?? ''), reason: String(data.get('reason') ?? '') },
      p,
    );
    setFailure(undefined);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      form.querySelector<HTMLInputElement>(`[name="${parsed.errors.amount ? 'amount' : 'reason'}"]`)?.focus();
      return;
    }
    setErrors({});
    setReview(parsed.body);
    confirmText.focus();
  };

  const onConfirm = async () => {
    const body = review();
    if (!body || sending()) return;
    setSending(true);
    setFailure(undefined);
    try {
      const sent = { ...body, idempotencyKey: key.take(JSON.stringify(body)) };
      const result = await (props.send ? props.send(sent) : adminApi.refund(p.sessionId, sent));
      key.settle();
      props.onClose(at('refund_done', { id: result.refundId }));
    } catch (error) {
      if (isDefinite(error)) key.settle();
      setFailure(error);
      alertEl?.focus();
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby={`refund-${p.sessionId}`} class="card">
      <h3 id={`refund-${p.sessionId}`}>{at('refund_title', { session: p.sessionId })}</h3>
      <form ref={form} class="stack" onSubmit={onReview} noValidate hidden={review() !== undefined}>
        <Field
          id={`refund-amount-${p.sessionId}`}
          name="amount"
          inputmode="decimal"
          label={at('refund_amount', { currency: p.currency.toUpperCase(), left: money(left()) })}
          error={errors().amount}
        />
        <Field
          id={`refund-reason-${p.sessionId}`}
          name="reason"
          label={at('reason')}
          maxLength={200}
          error={errors().reason}
        />
        <div class="row">
          <button type="submit" class="button primary">
            {at('review')}
          </button>
          <button type="button" class="button" onClick={() => props.onClose()}>
            {at('cancel')}
          </button>
        </div>
      </form>
      <div class="stack" hidden={review() === undefined}>
        <ConfirmStep
          text={
            <Show when={review()}>
              {(body) => at('confirm_refund', { amount: money(body().amount ?? left()), email: props.email })}
            </Show>
          }
          textRef={(el) => (confirmText = el)}
          confirm={sending() ? at('sending') : at('confirm_refund_button')}
          back={at('back')}
          busy={sending()}
          onConfirm={() => void onConfirm()}
          onBack={() => {
            setReview(undefined);
            form.querySelector<HTMLInputElement>('input')?.focus();
          }}
        />
      </div>
      <ErrorAlert error={failure()} ref={(el) => (alertEl = el)} />
    </section>
  );
}
