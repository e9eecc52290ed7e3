/** What one check found (from "Test now" or "Check now"): up or down in words, the latency and the check's message. */
import { For, Show } from 'solid-js';
import { Banner } from '../../ui/Banner';
import { formatLatency } from './monitors';
import type { CheckResult } from './types';

const detailText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function CheckResultView(props: { result: CheckResult }) {
  const details = () => Object.entries(props.result.detail ?? {}).slice(0, 12);
  return (
    <Banner
      tone={props.result.status === 'up' ? 'ok' : 'danger'}
      title={`${props.result.status === 'up' ? 'Up' : 'Down'} · ${formatLatency(props.result.latencyMs)}`}
    >
      <p>{props.result.message}</p>
      <Show when={details().length}>
        <dl class="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
          <For each={details()}>
            {([name, value]) => (
              <>
                <dt class="text-ink-muted">{name}</dt>
                <dd class="break-all font-mono text-ink">{detailText(value)}</dd>
              </>
            )}
          </For>
        </dl>
      </Show>
    </Banner>
  );
}
