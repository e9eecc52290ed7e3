/** One figure of a card's facts: a label over a large number, inside the card's `<dl>`. */
export function StatTile(props: { label: string; value: string | number }) {
  return (
    <div class="flex flex-col rounded-control bg-space-800/60 px-3 py-2">
      <dt class="text-xs text-ink-muted">{props.label}</dt>
      <dd class="text-lg font-semibold tabular-nums text-ink">{props.value}</dd>
    </div>
  );
}
