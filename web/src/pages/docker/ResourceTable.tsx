/**
 * The card of the Images, Volumes and Networks pages: the list's loading, outage, error and empty
 * states (ListPanel), then a table of its items in `order`, one row each.
 */
import type { JSX } from 'solid-js';
import { Card } from '../../ui/Card';
import { DataTable, type DataTableProps } from '../../ui/DataTable';
import { ListPanel, type ListPanelProps } from './ListPanel';

export interface ResourceTableProps<T>
  extends Omit<ListPanelProps<T>, 'children'>,
    Omit<DataTableProps<T>, 'items' | 'children'> {
  /** The card's heading. */
  title: string;
  icon: string;
  order: (a: T, b: T) => number;
  children: (item: T) => JSX.Element;
}

export function ResourceTable<T>(props: ResourceTableProps<T>) {
  return (
    <Card title={props.title} icon={props.icon}>
      <ListPanel list={props.list} what={props.what} empty={props.empty}>
        {(items) => (
          <DataTable
            columns={props.columns}
            minWidth={props.minWidth}
            caption={props.caption}
            items={[...items].sort(props.order)}
          >
            {props.children}
          </DataTable>
        )}
      </ListPanel>
    </Card>
  );
}
