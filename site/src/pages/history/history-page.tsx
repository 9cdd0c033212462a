// /{locale}/history: the statement, newest first, saying what each row was; filter by kind, load more, export CSV, receipts and invoices.
import { useSearchParams } from '@solidjs/router';
import { For, Match, Show, Switch } from 'solid-js';
import { signedInPage } from '../../components/require-auth';
import type { HistoryRow } from '../../lib/api';
import { historyApi } from '../../lib/history-api';
import { formatDateTime, formatDelta, formatNumber, locale, t } from '../../lib/i18n';
import { KIND_LABELS, kindText } from '../../lib/ledger-kinds';
import { createHistory } from './history-data';
import { describeRow, exportHref, HISTORY_FILTER_KINDS, kindLabelKey, parseKind, shownText } from './history-rows';
import { hw } from './history-words';
import './history.css';

function Row(props: { row: HistoryRow }) {
  const description = () => describeRow(locale(), props.row);
  const date = () => formatDateTime(locale(), props.row.createdAt);
  return (
    <li class="history-row">
      <div>
        <span class="history-kind">{kindText(kindLabelKey(props.row))}</span>
        {' · '}
        <span class="history-what">{description().what}</span>
        <Show when={description().detail}>{(detail) => <div class="history-detail">{detail()}</div>}</Show>
        <div class="history-meta">
          <time datetime={props.row.createdAt}>{date()}</time>
          <Show when={description().paid}>{(paid) => <span>{paid()}</span>}</Show>
          <Show when={description().receiptFor}>
            {(sessionId) => (
              <a
                href={historyApi.receiptHref(sessionId())}
                target="_blank"
                rel="noopener"
                aria-label={hw('receipt_name', {
                  pack: (props.row.purchase?.packNames[locale()] ?? props.row.purchase?.packName) || '',
                  date: date(),
                })}
              >
                {hw('receipt')}
              </a>
            )}
          </Show>
          <Show when={description().invoiceHref}>
            {(href) => (
              <a
                href={href()}
                target="_blank"
                rel="noopener"
                aria-label={hw('invoice_name', { what: description().what, date: date() })}
              >
                {hw('invoice')}
              </a>
            )}
          </Show>
        </div>
      </div>
      <div class="history-amounts">
        <span class="history-delta" classList={{ positive: props.row.delta > 0, negative: props.row.delta < 0 }}>
          <span class="visually-hidden">{hw('col_change')}: </span>
          {formatDelta(locale(), props.row.delta)}
        </span>
        <span class="history-after">
          {hw('col_balance')} {formatNumber(locale(), props.row.balanceAfter)}
        </span>
      </div>
    </li>
  );
}

function History() {
  const [search, setSearch] = useSearchParams();
  const kind = () => parseKind(search.kind);
  const history = createHistory(kind);

  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">{hw('title')}</h1>
      <p class="muted">{hw('intro')}</p>
      <div class="history-tools">
        <label class="field">
          {hw('filter_label')}
          <select value={kind() ?? ''} onChange={(e) => setSearch({ kind: e.currentTarget.value || undefined })}>
            <option value="">{hw('filter_all')}</option>
            <For each={HISTORY_FILTER_KINDS}>{(k) => <option value={k}>{kindText(KIND_LABELS[k])}</option>}</For>
          </select>
        </label>
        <a class="button" href={exportHref(historyApi.exportHref, kind())} download="creditcast-history.csv">
          {hw('export_csv')}
        </a>
      </div>
      <Show when={history.error()}>
        {(key) => (
          <p role="alert" class="alert">
            {t(key())}{' '}
            <button type="button" class="link-button" onClick={() => void history.retry()}>
              {t('try_again')}
            </button>
          </p>
        )}
      </Show>
      <Switch>
        <Match when={history.rows() === undefined && !history.error()}>
          <p class="muted">{t('loading')}</p>
        </Match>
        <Match when={history.rows()?.length === 0}>
          <p class="muted">{kind() ? hw('empty_filtered') : hw('empty')}</p>
        </Match>
        <Match when={history.rows()}>
          {(rows) => (
            <>
              <ol class="history-list" aria-label={hw('title')}>
                <For each={rows()}>{(row) => <Row row={row} />}</For>
              </ol>
              <p class="muted small" role="status">
                {shownText(locale(), rows().length)}
              </p>
              <Show when={history.nextCursor() !== null}>
                <button
                  type="button"
                  class="button history-more"
                  disabled={history.loadingMore()}
                  aria-busy={history.loadingMore()}
                  onClick={() => void history.loadMore()}
                >
                  {history.loadingMore() ? hw('loading_more') : hw('load_more')}
                </button>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

export default signedInPage(() => hw('title'), History);
