/**
 * A card holding one loaded list as a table: the list's loading, error and empty states
 * (LoadState), then a DataTable of its items, sorted by `order` when given, one row each.
 */
import type { JSX } from 'solid-js';
import { Card } from './Card';
import { DataTable, type DataTableProps } from './DataTable';
import { LoadState, type LoadStateProps } from './LoadState';

export interface TableCardProps<T>
  extends Omit<LoadStateProps<readonly T[]>, 'children' | 'isEmpty'>,
    Omit<DataTableProps<T>, 'items' | 'children'> {
  /** The card's heading. */
  title: string;
  icon: string;
  actions?: JSX.Element;
  /** Above the list whatever its state, e.g. the outcome of the last action. */
  notice?: JSX.Element;
  order?: (a: T, b: T) => number;
  children: (item: T) => JSX.Element;
}

export function TableCard<T>(props: TableCardProps<T>) {
  return (
    <Card title={props.title} icon={props.icon} actions={props.actions}>
      {props.notice}
      <LoadState load={props.load} what={props.what} empty={props.empty} lines={props.lines}>
        {(items) => (
          <DataTable
            columns={props.columns}
            minWidth={props.minWidth}
            caption={props.caption}
            items={props.order ? [...items].sort(props.order) : items}
          >
            {props.children}
          </DataTable>
        )}
      </LoadState>
    </Card>
  );
}
