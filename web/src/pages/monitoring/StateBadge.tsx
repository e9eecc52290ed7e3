/** A monitor's state as a badge: word, icon and colour together, so colour is never the only cue. */
import { Badge } from '../../ui/Badge';
import { stateLook } from './monitors';

export function StateBadge(props: { state: string | null | undefined; label?: string }) {
  const look = () => stateLook(props.state);
  return (
    <Badge tone={look().tone} icon={look().icon}>
      {props.label ? <span class="sr-only">{props.label}: </span> : null}
      {look().text}
    </Badge>
  );
}
