// One table for lists of rows: a labelled region that scrolls inside its box on phones, a header row, a row per item.
import { For, type JSX } from 'solid-js';

export interface Column<T> {
  /** The header's content (a function, so it follows the locale). */
  head: () => JSX.Element;
  cell: (row: T) => JSX.Element;
  /** `num` right-aligns the header and the cells; `mono` sets the cells in a fixed-width face (ids). */
  class?: 'num' | 'mono';
  /** A cell's colour by its value (a credit's `positive`, a debit's `negative`). */
  tone?: (row: T) => 'positive' | 'negative' | undefined;
}

/** A cell's classes: the column's, then its value's tone. */
function cellClass<T>(column: Column<T>, row: T): string | undefined {
  return [column.class, column.tone?.(row)].filter(Boolean).join(' ') || undefined;
}

export function TableWrap(props: { label: string; children: JSX.Element }) {
  return (
    <div class="table-wrap" role="region" aria-label={props.label} tabindex="0">
      {props.children}
    </div>
  );
}

export function DataTable<T>(props: { label: string; columns: Column<T>[]; rows: readonly T[] }) {
  return (
    <TableWrap label={props.label}>
      <table class="ledger">
        <thead>
          <tr>
            <For each={props.columns}>
              {(column) => (
                <th scope="col" class={column.class === 'num' ? 'num' : undefined}>
                  {column.head()}
                </th>
              )}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr>
                <For each={props.columns}>{(column) => <td class={cellClass(column, row)}>{column.cell(row)}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </TableWrap>
  );
}
