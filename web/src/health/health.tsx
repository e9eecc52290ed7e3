/**
 * Polls GET /api/health every 10 seconds while the app shell is open and shares the answer with
 * the outage banner and the overview's runners card, so both agree and the server sees one poll.
 */
import { createContext, createSignal, type JSX, onCleanup, useContext } from 'solid-js';
import { api } from '../api/client';
import type { Health } from '../api/types';

export interface HealthPoll {
  health: () => Health | undefined;
  /** True when the last poll got no usable answer at all (server down, proxy error). */
  unreachable: () => boolean;
  checking: () => boolean;
  refresh: () => Promise<void>;
}

export function createHealthPoll(intervalMs = 10_000): HealthPoll {
  const [health, setHealth] = createSignal<Health>();
  const [unreachable, setUnreachable] = createSignal(false);
  const [checking, setChecking] = createSignal(false);

  const refresh = async () => {
    setChecking(true);
    try {
      // 503 is an answer here: the body says which dependency is down, so it is read like a 200.
      const res: Response = await api.api.health.$get();
      if (res.status !== 200 && res.status !== 503) throw new Error(`health answered ${res.status}`);
      const body = (await res.json()) as Partial<Health> | null;
      // A 503 from something in front of functions is not a health answer: treat it as unreachable.
      if (!body?.database || !body.runners) throw new Error('health answered without its checks');
      setHealth(body as Health);
      setUnreachable(false);
    } catch {
      setUnreachable(true);
    } finally {
      setChecking(false);
    }
  };

  // A background tab does not need fresh health; catch up as soon as it is visible again.
  const tick = () => {
    if (document.visibilityState !== 'hidden') void refresh();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };
  void refresh();
  const timer = setInterval(tick, intervalMs);
  document.addEventListener('visibilitychange', onVisible);
  onCleanup(() => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisible);
  });

  return { health, unreachable, checking, refresh };
}

const HealthContext = createContext<HealthPoll>();

export function HealthProvider(props: { children: JSX.Element }) {
  const poll = createHealthPoll();
  return <HealthContext.Provider value={poll}>{props.children}</HealthContext.Provider>;
}

export function useHealth(): HealthPoll {
  const poll = useContext(HealthContext);
  if (!poll) throw new Error('useHealth needs a <HealthProvider> above it');
  return poll;
}
