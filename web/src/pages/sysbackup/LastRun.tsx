/** One "last backup" / "last drill" tile: its status in words and colour, and when. */
import { Show } from 'solid-js';
import { formatDateTime, formatRelative } from '../../lib/format';
import { Badge, type Tone } from '../../ui/Badge';

export function LastRun(props: {
  label: string;
  look: { tone: Tone; icon: string; text: string } | null;
  at: string | null;
  detail?: string | null;
  none: string;
}) {
  return (
    <div class="flex flex-col gap-1 rounded-control border border-space-600/60 p-3">
      <dt class="text-sm text-ink-muted">{props.label}</dt>
      <dd class="flex flex-col gap-1">
        <Show when={props.look} fallback={<span class="text-ink">{props.none}</span>}>
          {(look) => (
            <span class="flex flex-wrap items-center gap-2">
              <Badge tone={look().tone} icon={look().icon}>
                {look().text}
              </Badge>
              <time
                class="text-sm text-ink"
                datetime={props.at ?? undefined}
                title={formatDateTime(props.at)}
              >
                {formatRelative(props.at)}
              </time>
            </span>
          )}
        </Show>
        <Show when={props.detail}>
          <span class="text-xs text-ink-muted">{props.detail}</span>
        </Show>
      </dd>
    </div>
  );
}
