// The user page's read-only tables: lots (source, remaining, expiry), holds, and the ledger.
import { For, Show } from 'solid-js';
import type { AdminUserPicture } from '../../lib/api';
import { credits, formatDateTime, formatDelta, locale } from '../../lib/i18n';
import { kindLabel } from '../../lib/ledger-kinds';
import { at } from './admin-i18n';
import { orNone, TableWrap } from './admin-ui';

export const when = (iso: string | null) => (iso ? formatDateTime(locale(), iso) : at('none'));

export function UserTables(props: { picture: AdminUserPicture }) {
  return (
    <>
      <section aria-labelledby="lots-title">
        <h2 id="lots-title">{at('lots_title')}</h2>
        <Show when={props.picture.lots.length > 0} fallback={<p class="muted">{at('lots_empty')}</p>}>
          <TableWrap label={at('lots_title')}>
            <table class="ledger">
              <thead>
                <tr>
                  <th scope="col">{at('col_source')}</th>
                  <th scope="col" class="num">
                    {at('col_remaining')}
                  </th>
                  <th scope="col">{at('col_expires')}</th>
                  <th scope="col">{at('col_reason')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.picture.lots}>
                  {(lot) => (
                    <tr>
                      <td>{lot.source}</td>
                      <td class="num">
                        {credits(lot.remaining)} / {credits(lot.amount)}
                      </td>
                      <td>{when(lot.expiresAt)}</td>
                      <td>{orNone(lot.reference)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableWrap>
        </Show>
      </section>
      <section aria-labelledby="holds-title">
        <h2 id="holds-title">{at('holds_title')}</h2>
        <Show when={props.picture.holds.length > 0} fallback={<p class="muted">{at('holds_empty')}</p>}>
          <TableWrap label={at('holds_title')}>
            <table class="ledger">
              <thead>
                <tr>
                  <th scope="col">{at('col_time')}</th>
                  <th scope="col" class="num">
                    {at('col_amount')}
                  </th>
                  <th scope="col">{at('col_status')}</th>
                  <th scope="col">{at('col_expires')}</th>
                  <th scope="col">{at('col_reason')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.picture.holds}>
                  {(hold) => (
                    <tr>
                      <td>{when(hold.createdAt)}</td>
                      <td class="num">{credits(hold.amount)}</td>
                      <td>{hold.status}</td>
                      <td>{when(hold.expiresAt)}</td>
                      <td>{hold.reason}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableWrap>
        </Show>
      </section>
      <section aria-labelledby="ledger-title">
        <h2 id="ledger-title">{at('ledger_title')}</h2>
        <Show when={props.picture.ledger.entries.length > 0} fallback={<p class="muted">{at('ledger_empty')}</p>}>
          <TableWrap label={at('ledger_title')}>
            <table class="ledger">
              <thead>
                <tr>
                  <th scope="col">{at('col_time')}</th>
                  <th scope="col">{at('col_kind')}</th>
                  <th scope="col" class="num">
                    {at('col_delta')}
                  </th>
                  <th scope="col" class="num">
                    {at('col_balance')}
                  </th>
                  <th scope="col">{at('col_reason')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={props.picture.ledger.entries}>
                  {(entry) => (
                    <tr>
                      <td>{when(entry.createdAt)}</td>
                      <td>{kindLabel(entry.kind)}</td>
                      <td class="num">{formatDelta(locale(), entry.delta)}</td>
                      <td class="num">{credits(entry.balanceAfter)}</td>
                      <td>{orNone(entry.reference)}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableWrap>
        </Show>
      </section>
    </>
  );
}
