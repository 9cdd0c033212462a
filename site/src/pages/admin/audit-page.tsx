// /{locale}/admin/audit: who did what to whom (operator email, action, target, detail, time), newest first.
import { adminApi } from '../../lib/admin-api';
import { formatDateTime, locale } from '../../lib/i18n';
import { at } from './admin-i18n';
import { PagedTablePage } from './paged-table-page';

/** `{"amount":500,"reason":"outage"}` → `amount: 500 · reason: outage`. */
export function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export default function AuditPage() {
  return (
    <PagedTablePage
      id="audit"
      title="audit_title"
      empty="audit_empty"
      load={(cursor) => adminApi.audit(cursor).then((p) => ({ items: p.entries, nextCursor: p.nextCursor }))}
      idOf={(e) => e.id}
      columns={[
        { head: () => at('col_time'), cell: (e) => formatDateTime(locale(), e.createdAt) },
        { head: () => at('col_actor'), cell: (e) => e.actorEmail ?? e.actor },
        { head: () => at('col_action'), cell: (e) => e.action },
        {
          head: () => at('col_target'),
          cell: (e) => (e.targetEmail && e.targetEmail !== e.target ? `${e.targetEmail} (${e.target})` : e.target),
        },
        { head: () => at('col_detail'), cell: (e) => detailText(e.detail) },
      ]}
    />
  );
}
