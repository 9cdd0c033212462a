// Grant or debit credits: fields → review (states the amount and the user) → confirm. The idempotency
// key is kept (sessionStorage) from the first attempt until a definite answer, so a double click or a
// retry after a dropped connection does one thing. A grant for a payment Stripe already took is
// refused (settle_instead): the warning offers to settle that purchase, or to grant anyway.
import { createSignal, For, Show } from 'solid-js';
import { ConfirmStep } from '../../components/form-parts';
import { adminApi } from '../../lib/admin-api';
import { ApiError } from '../../lib/api';
import { credits } from '../../lib/i18n';
import { pendingKey } from '../../lib/pending-key';
import { type AdjustmentField, type FieldErrors, isDefinite, parseAdjustment } from './admin-forms';
import { at } from './admin-i18n';
import { ErrorAlert, Field } from './admin-ui';
import { SettleInstead } from './settle-instead';

const DIRECTIONS = ['grant', 'debit'] as const;

type Body = Extract<ReturnType<typeof parseAdjustment>, { ok: true }>['body'];

export function AdjustForm(props: { userId: string; email: string; onDone: () => void }) {
  const key = pendingKey(`admin-adjust:${props.userId}`);
  const [direction, setDirection] = createSignal<(typeof DIRECTIONS)[number]>('grant');
  const [errors, setErrors] = createSignal<FieldErrors<AdjustmentField>>({});
  const [review, setReview] = createSignal<Body>();
  const [sending, setSending] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  const [done, setDone] = createSignal<string>();
  /** The refused grant's body and what the guard named: the session to settle, or the credited payment. */
  const [guarded, setGuarded] = createSignal<{ body: Body; fields: Record<string, string> }>();
  let form!: HTMLFormElement;
  let confirmText!: HTMLParagraphElement;
  let doneText!: HTMLParagraphElement;
  let alertEl: HTMLElement | undefined;

  const onReview = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    const parsed = parseAdjustment({
      direction: direction(),
      amount: String(data.get('amount') ?? ''),
      expiresAt: String(data.get('expiresAt') ?? ''),
      reason: String(data.get('reason') ?? ''),
      customerNote: String(data.get('customerNote') ?? ''),
    });
    setFailure(undefined);
    setDone(undefined);
    setGuarded(undefined);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      const first = (['amount', 'expiresAt', 'reason', 'customerNote'] as const).find((f) => parsed.errors[f]);
      form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    setReview(parsed.body);
    confirmText.focus();
  };

  const finish = (message: string) => {
    setDone(message);
    setReview(undefined);
    setGuarded(undefined);
    // The grant/debit choice stays as it was: the next adjustment is usually of the same kind.
    const kept = direction();
    form.reset();
    const radio = form.querySelector<HTMLInputElement>(`[name="direction"][value="${kept}"]`);
    if (radio) radio.checked = true;
    props.onDone();
    doneText.focus();
  };

  const onConfirm = async (force = false) => {
    const body = review() ?? guarded()?.body;
    if (!body || sending()) return;
    const sent = force ? { ...body, force } : body;
    setSending(true);
    setFailure(undefined);
    try {
      const result = await adminApi.adjust(props.userId, { ...sent, idempotencyKey: key.take(JSON.stringify(sent)) });
      key.settle();
      const n = Math.abs(body.amount);
      finish(at(body.amount > 0 ? 'adjust_done_grant' : 'adjust_done_debit', { n, balance: credits(result.credits) }));
    } catch (error) {
      if (isDefinite(error)) key.settle();
      if (error instanceof ApiError && error.code === 'settle_instead') {
        setGuarded({ body, fields: error.fields });
        setReview(undefined);
        return;
      }
      setFailure(error);
      alertEl?.focus();
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="adjust-title" class="card">
      <h2 id="adjust-title">{at('adjust_title')}</h2>
      <form ref={form} class="stack" onSubmit={onReview} noValidate hidden={review() !== undefined}>
        <fieldset class="row">
          <legend>{at('adjust_direction')}</legend>
          <For each={DIRECTIONS}>
            {(d) => (
              <label>
                <input
                  type="radio"
                  name="direction"
                  value={d}
                  checked={direction() === d}
                  onChange={() => setDirection(d)}
                />{' '}
                {at(d === 'grant' ? 'adjust_grant' : 'adjust_debit')}
              </label>
            )}
          </For>
        </fieldset>
        <Field
          id="adjust-amount"
          name="amount"
          label={at('adjust_amount')}
          inputmode="numeric"
          error={errors().amount}
        />
        <Show when={direction() === 'grant'}>
          <Field
            id="adjust-expires"
            name="expiresAt"
            type="datetime-local"
            label={at('adjust_expires')}
            error={errors().expiresAt}
          />
        </Show>
        <Field id="adjust-reason" name="reason" label={at('reason')} maxLength={200} error={errors().reason} />
        <Field
          id="adjust-note"
          name="customerNote"
          label={at('customer_note')}
          hint={at('customer_note_hint')}
          maxLength={200}
          error={errors().customerNote}
        />
        <button type="submit" class="button primary">
          {at('review')}
        </button>
      </form>
      <div class="stack" hidden={review() === undefined}>
        <ConfirmStep
          text={
            <Show when={review()}>
              {(body) =>
                at(body().amount > 0 ? 'confirm_grant' : 'confirm_debit', {
                  n: Math.abs(body().amount),
                  email: props.email,
                })
              }
            </Show>
          }
          textRef={(el) => (confirmText = el)}
          confirm={
            sending()
              ? at('sending')
              : at((review()?.amount ?? 1) > 0 ? 'confirm_grant_button' : 'confirm_debit_button')
          }
          back={at('back')}
          busy={sending()}
          onConfirm={() => void onConfirm()}
          onBack={() => {
            setReview(undefined);
            form.querySelector<HTMLInputElement>('[name="amount"]')?.focus();
          }}
        >
          <p class="muted">{review()?.reason}</p>
        </ConfirmStep>
      </div>
      <Show when={guarded()}>
        {(g) => (
          <SettleInstead
            fields={g().fields}
            sending={sending()}
            onGrantAnyway={() => void onConfirm(true)}
            onSettled={finish}
          />
        )}
      </Show>
      <ErrorAlert error={failure()} ref={(el) => (alertEl = el)} />
      <p role="status" ref={doneText} tabindex="-1" class="notice ok" hidden={!done()}>
        {done()}
      </p>
    </section>
  );
}
