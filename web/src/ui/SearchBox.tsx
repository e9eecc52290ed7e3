/** The search box in a card's header that narrows the list below as the user types. */
export function SearchBox(props: { label: string; value: string; onInput: (text: string) => void }) {
  return (
    <label class="flex items-center gap-2 text-sm text-ink-muted">
      <span class="sr-only">{props.label}</span>
      <input
        type="search"
        class="input-field w-48 text-sm"
        placeholder="Search"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </label>
  );
}
