/**
 * Alerts overlays' shared shapes: the per-kind template the studio edits and the overlay page
 * plays, and the overlay event the chat runner streams to the page. The runner and the studio's
 * test button both build events here, so a test alert looks exactly like a real one.
 */
import { z } from 'zod';
import { type OverlayKind, overlayKinds } from '../schema/overlays';
import type { ChatEvent } from './events';

export { type OverlayKind, overlayKinds };

export const overlayAnimations = ['fade', 'slide', 'pop', 'bounce'] as const;
export const overlayPlaceholders = ['user', 'amount', 'message', 'tier', 'viewers'] as const;

const url = z
  .string()
  .trim()
  .max(2_000)
  .url('Use a full https:// address')
  .refine((value) => /^https?:\/\//i.test(value), 'Use an http:// or https:// address');

export const overlayTemplateSchema = z
  .object({
    /** What the alert says; {user} {amount} {message} {tier} {viewers} are filled in. */
    text: z.string().trim().max(300, 'At most 300 characters'),
    imageUrl: url.optional(),
    soundUrl: url.optional(),
    durationMs: z.number().int().min(1_000, 'At least 1 second').max(60_000, 'At most 60 seconds'),
    animation: z.enum(overlayAnimations),
    volume: z.number().min(0).max(1),
    /** A CSS colour for the text (hex). */
    color: z
      .string()
      .regex(/^#[0-9a-f]{6}$/i, 'Use a hex colour such as #ff66cc')
      .optional(),
  })
  .strict();
export type OverlayTemplate = z.infer<typeof overlayTemplateSchema>;

const base = { durationMs: 5_000, animation: 'pop', volume: 0.6 } as const;

export const defaultOverlayTemplates: Record<OverlayKind, OverlayTemplate> = {
  follow: { ...base, text: '{user} just followed!' },
  sub: { ...base, text: '{user} subscribed at tier {tier}!', animation: 'bounce' },
  gift: { ...base, text: '{user} gifted {amount} subs!', animation: 'bounce' },
  raid: { ...base, durationMs: 8_000, text: '{user} is raiding with {viewers} viewers!', animation: 'slide' },
  cheer: { ...base, text: '{user} cheered {amount} bits! {message}' },
  redemption: { ...base, text: '{user} redeemed {message}', animation: 'fade' },
  giveaway_winner: { ...base, durationMs: 8_000, text: '{user} won {message}!', animation: 'bounce' },
  now_playing: { ...base, durationMs: 6_000, text: 'Now playing: {message}', animation: 'slide', volume: 0 },
  chat: { ...base, durationMs: 30_000, text: '{user}: {message}', animation: 'fade', volume: 0 },
  goal: { ...base, text: '{amount} followers today', animation: 'fade', volume: 0 },
};

/**
 * A stored template with the kind's defaults under it: a row written before a field existed (or
 * damaged by hand) still plays, field by field.
 */
export function readOverlayTemplate(kind: OverlayKind, stored: unknown): OverlayTemplate {
  const merged: Record<string, unknown> = { ...defaultOverlayTemplates[kind] };
  if (stored && typeof stored === 'object') {
    for (const [key, value] of Object.entries(stored)) {
      const field = overlayTemplateSchema.shape[key as keyof OverlayTemplate];
      if (field?.safeParse(value).success) merged[key] = value;
    }
  }
  return overlayTemplateSchema.parse(merged);
}

/** What the page shows: one alert, chat line, song or goal count. */
export const overlayEventSchema = z
  .object({
    /** Unique per event (the chat event's id, or a random id for test and notified events). */
    id: z.string().min(1).max(100),
    kind: z.enum(overlayKinds),
    user: z.string().max(100).nullable(),
    amount: z.number().nullable(),
    message: z.string().max(500).nullable(),
    tier: z.string().max(20).nullable(),
    viewers: z.number().int().nullable(),
    /** Goal widget: follows and subs counted over the last day (sent when a page connects). */
    counts: z.object({ follows: z.number().int(), subs: z.number().int() }).optional(),
    test: z.boolean().optional(),
    at: z.string(),
  })
  .strict();
export type OverlayEvent = z.infer<typeof overlayEventSchema>;

/** NOTIFY 'overlay' payload: functions' test alerts, giveaway winners, now playing. */
export const overlayNotificationSchema = z.object({ tenantId: z.string().uuid(), event: overlayEventSchema });
export type OverlayNotification = z.infer<typeof overlayNotificationSchema>;

const num = (value: unknown): number | null => {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
const str = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, 500) : null;

/** Twitch sends tiers as 1000/2000/3000; the page says 1/2/3 (Prime stays Prime). */
function tierName(value: unknown): string | null {
  const text = str(value) ?? (typeof value === 'number' ? String(value) : null);
  if (!text) return null;
  if (/^[123]000$/.test(text)) return text[0]!;
  return text.slice(0, 20);
}

/** The overlay event a chat event shows as, or null for what overlays ignore (commands, stream on/off). */
export function overlayEventFor(event: ChatEvent & { id?: number }): OverlayEvent | null {
  const d = event.detail;
  const common = {
    id:
      event.id !== undefined ? String(event.id) : (event.platformEventId ?? `${event.channelId}:${event.at}`),
    user: event.userName ?? null,
    amount: null,
    message: null,
    tier: null,
    viewers: null,
    at: event.at,
  };
  switch (event.kind) {
    case 'follow':
      return { ...common, kind: 'follow' };
    case 'sub':
      return {
        ...common,
        kind: 'sub',
        tier: tierName(d.tier),
        amount: num(d.months),
        message: str(event.text),
      };
    case 'gift':
      return { ...common, kind: 'gift', tier: tierName(d.tier), amount: num(d.count) };
    case 'raid':
      return {
        ...common,
        kind: 'raid',
        user: event.userName ?? str(d.fromLogin),
        viewers: num(d.viewers),
        amount: num(d.viewers),
      };
    case 'cheer':
      return { ...common, kind: 'cheer', amount: num(d.bits), message: str(event.text) };
    case 'redemption':
      return {
        ...common,
        kind: 'redemption',
        amount: num(d.cost),
        message: str(d.input) ? `${str(d.reward) ?? 'a reward'}: ${str(d.input)}` : str(d.reward),
      };
    case 'message':
      return { ...common, kind: 'chat', message: str(event.text) };
    default:
      return null;
  }
}

const samples: Record<OverlayKind, Partial<OverlayEvent>> = {
  follow: {},
  sub: { tier: '1', amount: 3, message: 'Three months already!' },
  gift: { tier: '1', amount: 5 },
  raid: { viewers: 42, amount: 42 },
  cheer: { amount: 100, message: 'Cheer100 great stream' },
  redemption: { amount: 500, message: 'Hydrate!' },
  giveaway_winner: { message: 'the Snapple giveaway' },
  now_playing: { message: 'Never Gonna Give You Up — Rick Astley' },
  chat: { message: 'Hello from the test button!' },
  goal: { amount: 7 },
};

/** A made-up event of `kind` for the studio's "Send test alert" button. */
export function sampleOverlayEvent(kind: OverlayKind, id: string, at: string): OverlayEvent {
  return {
    id,
    kind,
    user: 'TestViewer',
    amount: null,
    message: null,
    tier: null,
    viewers: null,
    ...samples[kind],
    test: true,
    at,
  };
}

/** The template's text with the event's facts filled in; a fact the event lacks is left empty. */
export function renderOverlayText(text: string, event: OverlayEvent): string {
  return text
    .replace(/\{(user|amount|message|tier|viewers)\}/g, (_, name: (typeof overlayPlaceholders)[number]) => {
      const value = event[name];
      return value === null || value === undefined ? '' : String(value);
    })
    .replace(/\s{2,}/g, ' ')
    .trim();
}
