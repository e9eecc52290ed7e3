/** Row selection for tables with bulk actions: keys that leave the list drop out of the selection. */
import { createMemo, createSignal } from 'solid-js';

export function createSelection(keys: () => readonly string[]) {
  const [picked, setPicked] = createSignal<ReadonlySet<string>>(new Set());
  const selected = createMemo(() => {
    const present = new Set(keys());
    return [...picked()].filter((key) => present.has(key));
  });
  const all = () => keys().length > 0 && selected().length === keys().length;
  return {
    /** Selected keys still in the list, in selection order. */
    selected,
    isSelected: (key: string) => selected().includes(key),
    toggle: (key: string, on = !selected().includes(key)) =>
      setPicked((set) => {
        const next = new Set(set);
        if (on) next.add(key);
        else next.delete(key);
        return next;
      }),
    all,
    some: () => selected().length > 0 && !all(),
    /** Select every key in the list, or none. */
    setAll: (on: boolean) => setPicked(new Set(on ? keys() : [])),
    clear: () => setPicked(new Set<string>()),
  };
}

export type Selection = ReturnType<typeof createSelection>;
