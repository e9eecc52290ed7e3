/**
 * Small pieces every monitoring router repeats: lists normalised to `{<key>: [...]}` whichever of an array or an object the runner answers, so the
 * web app reads one shape.
 */
import type { AppContext } from '../lib/context';
import { relayJson } from '../lib/runners';

/** relayJson() for a list: `[...]` or `{key: [...], ...more}` become `{key: [...], ...more}`. */
export async function relayList<K extends string, T>(
  c: AppContext,
  runner: string,
  path: string,
  key: K,
): Promise<Record<K, T[]>> {
  const answer = await relayJson<T[] | Record<K, T[]>>(c, runner, { path });
  if (Array.isArray(answer)) return { [key]: answer } as Record<K, T[]>;
  return { ...answer, [key]: answer[key] ?? [] };
}

/**
 * relayJson() for one object the runners wrap (`{channel: {...}}`, `{rule}`, `{record}`,
 * `{delivery}`): the bare object either way, which is the shape the web app reads.
 */
export async function relayOne<T>(
  c: AppContext,
  runner: string,
  call: Parameters<typeof relayJson>[2],
  key: string,
): Promise<T> {
  const answer = await relayJson<Record<string, unknown>>(c, runner, call);
  const inner = answer?.[key];
  return (inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : answer) as T;
}
