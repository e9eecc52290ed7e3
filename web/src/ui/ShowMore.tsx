/**
 * The "Show more" button under a list loaded a page at a time: fetches the page after the last
 * cursor and appends it, so what the user has scrolled through stays where it is.
 */
import { createSignal, Show } from 'solid-js';
import { Button } from './Button';
import { toast } from './Toast';

/** A loaded first page, as `createLoaded` keeps it. */
export interface PagedLoad<P extends { nextCursor: string | null }> {
  value: () => P | null;
  setValue: (next: () => P) => unknown;
}

export function ShowMore<P extends { nextCursor: string | null }>(props: {
  load: PagedLoad<P>;
  fetchPage: (cursor: string) => Promise<P>;
  /** The loaded pages and the next one as one page. */
  append: (loaded: P, next: P) => P;
  /** The toast when the next page fails, e.g. "Could not load more viewers". */
  failure: string;
}) {
  const [busy, setBusy] = createSignal(false);
  const loadMore = async () => {
    const current = props.load.value();
    if (!current?.nextCursor) return;
    setBusy(true);
    try {
      const next = await props.fetchPage(current.nextCursor);
      props.load.setValue(() => props.append(current, next));
    } catch {
      toast(props.failure, 'danger');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={props.load.value()?.nextCursor}>
      <div class="flex justify-center">
        <Button busy={busy()} onClick={() => void loadMore()}>
          Show more
        </Button>
      </div>
    </Show>
  );
}
