/**
 * What the overlay page and the studio's preview share: the template and event shapes (from
 * `@homelab/db/stream/overlays`, types only, so zod stays out of the bundle), the placeholder
 * filler, and the alert queue that plays simultaneous alerts one after another.
 */
import type { OverlayEvent, OverlayKind, OverlayTemplate } from '@homelab/db/stream/overlays';

export type { OverlayEvent, OverlayKind, OverlayTemplate };
export type KindTemplate = { kind: OverlayKind; enabled: boolean; template: OverlayTemplate };

/** The kinds that play as pop-up alerts (chat, now playing and goal are widgets). */
export const alertKinds: OverlayKind[] = [
  'follow',
  'sub',
  'gift',
  'raid',
  'cheer',
  'redemption',
  'giveaway_winner',
];

export const kindLabels: Record<OverlayKind, string> = {
  follow: 'Follow',
  sub: 'Subscription',
  gift: 'Gifted subs',
  raid: 'Raid',
  cheer: 'Cheer',
  redemption: 'Redemption',
  giveaway_winner: 'Giveaway winner',
  now_playing: 'Now playing',
  chat: 'Chat box',
  goal: 'Goal',
};

/** Mirrors renderOverlayText in db/src/stream/overlays.ts. */
export function renderText(text: string, event: OverlayEvent): string {
  return text
    .replace(
      /\{(user|amount|message|tier|viewers)\}/g,
      (_, name: 'user' | 'amount' | 'message' | 'tier' | 'viewers') => {
        const value = event[name];
        return value === null || value === undefined ? '' : String(value);
      },
    )
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export type QueuedAlert = { event: OverlayEvent; template: OverlayTemplate };

/**
 * The one alert queue: alerts wait their turn and each shows for its template's duration plus a
 * short gap, so two that arrive together never overlap. Ids already seen are skipped (an SSE
 * reconnect may deliver an event twice).
 */
export function createAlertQueue(show: (alert: QueuedAlert | null) => void, gapMs = 400) {
  const waiting: QueuedAlert[] = [];
  const seen = new Set<string>();
  let playing = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function next() {
    const alert = waiting.shift();
    if (!alert) {
      playing = false;
      show(null);
      return;
    }
    playing = true;
    show(alert);
    timer = setTimeout(() => {
      show(null);
      timer = setTimeout(next, gapMs);
    }, alert.template.durationMs);
  }

  return {
    push(alert: QueuedAlert) {
      if (seen.has(alert.event.id)) return;
      seen.add(alert.event.id);
      if (seen.size > 500) seen.delete(seen.values().next().value!);
      waiting.push(alert);
      if (!playing) next();
    },
    get length() {
      return waiting.length;
    },
    stop() {
      clearTimeout(timer);
      waiting.length = 0;
    },
  };
}
