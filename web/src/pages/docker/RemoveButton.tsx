/** The Remove button at the end of an image, volume or network row; its label names what it removes. */
import { Button } from '../../ui/Button';

export function RemoveButton(props: { label: string; onClick: () => void }) {
  return (
    <Button size="sm" variant="danger" icon="i-ph-trash" aria-label={props.label} onClick={props.onClick}>
      Remove
    </Button>
  );
}
