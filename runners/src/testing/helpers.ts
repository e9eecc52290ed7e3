/** Shared helpers of the runners' tests: a fixed metrics sample, an SSE reader and a polling wait. */
import type { MetricSample } from '@homelab/db/metrics';

export function fakeSample(at: string, cpu = 12.5): MetricSample {
  return {
    at,
    cpu: { percent: cpu, perCore: [cpu, cpu] },
    load: [0.5, 0.4, 0.3],
    memory: { total: 8e9, used: 2e9, available: 6e9, percent: 25 },
    swap: { total: 0, used: 0, percent: 0 },
    disks: [{ mount: '/', fs: 'ext4', total: 1e11, used: 4e10, percent: 40 }],
    diskIo: { readBps: 1000, writeBps: 2000 },
    network: { rxBps: 300, txBps: 400 },
    temperatures: [{ label: 'coretemp Package id 0', celsius: 48 }],
    uptimeSeconds: 1234,
  };
}

/** Reads SSE text until `count` blocks (events or comments) have arrived; `buffer` carries the rest. */
export async function readBlocks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  count: number,
  buffer = { text: '' },
) {
  const decoder = new TextDecoder();
  while (buffer.text.split('\n\n').length - 1 < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer.text += decoder.decode(value, { stream: true });
  }
  const blocks = buffer.text.split('\n\n');
  buffer.text = blocks.slice(count).join('\n\n');
  return blocks.slice(0, count);
}

/** Polls until `check` holds (or the time is up) and returns its last answer, for the test to assert. */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 5_000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await check();
  while (!value && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    value = await check();
  }
  return value;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
