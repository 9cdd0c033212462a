// The console's "add an endpoint" form: its URL (required), a description, and the event types it
// receives (none ticked: every type). The server checks the URL (webhook_url_not_allowed).
import { createSignal, For } from 'solid-js';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../../../worker/vocabulary/webhook-events';
import { adminApi } from '../../lib/admin-api';
import type { CreatedWebhook } from '../../lib/api';
import { type AdminKey, at } from './admin-i18n';
import { Field } from './admin-ui';

export function WebhookForm(props: {
  busy: boolean;
  /** The page's way to run a change (busy state, alert on failure). */
  run: (act: () => Promise<unknown>) => Promise<void>;
  onCreated: (created: CreatedWebhook) => void;
}) {
  const [urlError, setUrlError] = createSignal<AdminKey>();

  const onCreate = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const url = String(data.get('url') ?? '').trim();
    if (!url) {
      setUrlError('err_required');
      form.querySelector('input')?.focus();
      return;
    }
    setUrlError(undefined);
    const events = data.getAll('events').map(String) as WebhookEventType[];
    const description = String(data.get('description') ?? '').trim();
    return props.run(async () => {
      const created = await adminApi.createWebhook({
        url,
        ...(events.length > 0 ? { events } : {}),
        ...(description ? { description } : {}),
      });
      form.reset();
      props.onCreated(created);
    });
  };

  return (
    <form onSubmit={onCreate} noValidate>
      <div class="row">
        <Field id="webhook-url" name="url" type="url" label={at('webhook_url')} error={urlError()} autocomplete="off" />
        <Field id="webhook-description" name="description" label={at('webhook_description')} maxLength={200} />
      </div>
      <fieldset class="row">
        <legend>{at('webhook_events')}</legend>
        <For each={WEBHOOK_EVENT_TYPES}>
          {(type) => (
            <label>
              <input type="checkbox" name="events" value={type} /> {type}
            </label>
          )}
        </For>
      </fieldset>
      <button type="submit" class="button primary" disabled={props.busy}>
        {at('webhook_create')}
      </button>
    </form>
  );
}
