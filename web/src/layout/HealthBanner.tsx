/** Says plainly, above every page, when the database or the runners are down; disappears once they recover. */
import { Show } from 'solid-js';
import { useHealth } from '../health/health';
import { Banner } from '../ui/Banner';

export function HealthBanner() {
  const { health, unreachable } = useHealth();
  return (
    <div class="flex flex-col gap-2 empty:hidden">
      <Show when={unreachable()}>
        <Banner tone="danger" title="Can't reach the HomeLabHub server">
          Checking again every 10 seconds. Pages show their last data until it answers.
        </Banner>
      </Show>
      <Show when={!unreachable() && health()?.database.ok === false}>
        <Banner tone="danger" title="Database unreachable">
          {health()?.database.error ?? 'PostgreSQL is not answering.'} Sign-in, settings and history are
          unavailable until it is back.
        </Banner>
      </Show>
      <Show when={!unreachable() && health()?.runners.ok === false}>
        <Banner tone="warn" title="Runners not connected">
          {health()?.runners.error ?? 'The background runners are not answering.'} Live metrics and background
          jobs are paused.
        </Banner>
      </Show>
    </div>
  );
}
