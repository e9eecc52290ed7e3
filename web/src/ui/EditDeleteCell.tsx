/**
 * The last cell of a table row whose item can be deleted (and, given `onEdit`, edited): "Edit" and
 * "Delete" buttons named after the item for screen readers, after any other actions given as children.
 */
import { type JSX, Show } from 'solid-js';
import { Button } from './Button';

export interface EditDeleteCellProps {
  /** The item's name, as in "Edit <name>" and "Delete <name>". */
  name: string;
  onEdit?: () => void;
  onDelete: () => void;
  children?: JSX.Element;
}

export function EditDeleteCell(props: EditDeleteCellProps) {
  return (
    <td class="py-2">
      <div class="flex justify-end gap-2">
        {props.children}
        <Show when={props.onEdit}>
          {(onEdit) => (
            <Button size="sm" icon="i-ph-pencil-simple" aria-label={`Edit ${props.name}`} onClick={onEdit()}>
              Edit
            </Button>
          )}
        </Show>
        <Button size="sm" icon="i-ph-trash" aria-label={`Delete ${props.name}`} onClick={props.onDelete}>
          Delete
        </Button>
      </div>
    </td>
  );
}
