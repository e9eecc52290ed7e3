/**
 * The rule filters (links, caps, symbols, emote spam, repetition, length, banned words) as one
 * synchronous, pure decision: the message, what the caller knows about the sender, and the
 * tenant's moderation settings in; the first rule broken (or null) out. It runs on every chat line,
 * so it walks the text with char codes instead of building arrays, and banned words are compiled
 * once per settings object (the engine keeps one per tenant until the studio changes it).
 */
import { type UserLevel, userLevels } from '@homelab/db/stream/events';
import type { BotSettings } from '@homelab/db/stream/settings';

export type ModerationSettings = BotSettings['moderation'];

/** What mods taught moderation to leave alone (mod_allowlist), lowercased. */
export type Allowlist = { phrases: string[]; users: Set<string>; links: string[] };

export const emptyAllowlist: Allowlist = { phrases: [], users: new Set(), links: [] };

export type JudgeContext = {
  level: UserLevel;
  userId: string | null;
  userName: string | null;
  /** The viewer's first message in the channel: the numeric limits are halved. */
  firstTime: boolean;
  /** A moderator's `!permit` is running for this viewer: one link passes. */
  permitted: boolean;
  /** How many times this viewer said the same (normalized) line within the window, this one included. */
  repeats: number;
  /** Emotes the platform marked in the line; unknown when the platform does not say. */
  emotes?: number;
  allow: Allowlist;
};

export type Verdict = {
  rule: 'links' | 'caps' | 'symbols' | 'emotes' | 'repetition' | 'length' | 'banned';
  /** Shown in the log; `link: host` and `banned: "text"` are read back when a mod undoes the action. */
  reason: string;
  /** The link host or banned text that matched (what an undo adds to the allow-list). */
  match?: string;
};

/** Whether the sender is beyond moderation: exempt level, broadcaster, or an allowed user. */
export function isExempt(
  context: Pick<JudgeContext, 'level' | 'userId' | 'userName' | 'allow'>,
  settings: ModerationSettings,
) {
  if (
    context.level === 'broadcaster' ||
    userLevels.indexOf(context.level) >= userLevels.indexOf(settings.exemptLevel)
  )
    return true;
  const users = context.allow.users;
  if (users.size === 0) return false;
  return (
    (context.userId !== null && users.has(context.userId.toLowerCase())) ||
    (context.userName !== null && users.has(context.userName.toLowerCase()))
  );
}

export function judge(message: string, context: JudgeContext, settings: ModerationSettings): Verdict | null {
  if (isExempt(context, settings)) return null;
  const strict = context.firstTime && settings.firstTimeStrict;
  const half = (n: number, min: number) => (strict ? Math.max(min, Math.floor(n / 2)) : n);
  const text = stripPhrases(message, context.allow.phrases);

  if (settings.length.enabled && text.length > half(settings.length.max, 10))
    return { rule: 'length', reason: `message longer than ${half(settings.length.max, 10)} characters` };

  if (settings.banned.length > 0) {
    const hit = bannedMatcher(settings.banned)(text);
    if (hit !== null) return { rule: 'banned', reason: `banned: "${hit}"`, match: hit };
  }

  if (settings.links.enabled && !context.permitted) {
    const host = firstForbiddenHost(text, settings.links.allow, context.allow.links);
    if (host !== null) return { rule: 'links', reason: `link: ${host}`, match: host };
  }

  if (settings.repetition.enabled && context.repeats >= half(settings.repetition.max, 2))
    return { rule: 'repetition', reason: `same message ${context.repeats} times` };

  if (settings.caps.enabled) {
    let letters = 0;
    let upper = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        letters++;
        upper++;
      } else if (c >= 97 && c <= 122) letters++;
      else if (c > 127) {
        const ch = text[i]!;
        const lower = ch.toLowerCase();
        const up = ch.toUpperCase();
        if (lower !== up) {
          letters++;
          if (ch === up) upper++;
        }
      }
    }
    const limit = half(settings.caps.maxPercent, 10);
    if (letters >= settings.caps.minLength && upper * 100 > letters * limit)
      return { rule: 'caps', reason: `${Math.round((upper * 100) / letters)}% capitals` };
  }

  if (settings.symbols.enabled) {
    let visible = 0;
    let symbols = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10) continue;
      visible++;
      if (isSymbol(c)) symbols++;
    }
    const limit = half(settings.symbols.maxPercent, 10);
    // Short lines (":)", "?!") are not symbol spam.
    if (visible >= 10 && symbols * 100 > visible * limit)
      return { rule: 'symbols', reason: `${Math.round((symbols * 100) / visible)}% symbols` };
  }

  if (settings.emotes.enabled) {
    const limit = half(settings.emotes.max, 1);
    const count = context.emotes ?? countEmoteTokens(text, limit + 1);
    if (count > limit) return { rule: 'emotes', reason: `${count} emotes` };
  }
  return null;
}

/** ASCII punctuation and symbols (letters, digits and everything beyond ASCII are not). */
function isSymbol(c: number) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

/** Removes allowed phrases (case-insensitive) so they never trip a rule. */
function stripPhrases(message: string, phrases: string[]) {
  if (phrases.length === 0) return message;
  let lower = message.toLowerCase();
  let text = message;
  for (const phrase of phrases) {
    let at = lower.indexOf(phrase);
    while (at !== -1) {
      text = text.slice(0, at) + ' '.repeat(phrase.length) + text.slice(at + phrase.length);
      lower = lower.slice(0, at) + ' '.repeat(phrase.length) + lower.slice(at + phrase.length);
      at = lower.indexOf(phrase, at + phrase.length);
    }
  }
  return text;
}

// --- links ---

const tlds =
  'com|net|org|io|tv|gg|me|co|ly|be|xyz|app|dev|info|biz|link|live|shop|site|online|store|club|top|fun|art|ai|to|sh|cc|[a-z]{2}';
/** A bare domain (known or two-letter TLD) or anything after a scheme; hosts are ASCII labels. */
const linkPattern = new RegExp(
  `(?:\\b(?:https?|ftp)://((?:[a-z0-9-]+\\.)*[a-z0-9-]+)|(?<![\\w@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${tlds}))(?![\\w-]|\\.[a-z0-9]))`,
  'gi',
);

/** Hosts linked in a text, lowercased, in order. */
export function findLinks(text: string): string[] {
  const hosts: string[] = [];
  linkPattern.lastIndex = 0;
  for (let m = linkPattern.exec(text); m !== null; m = linkPattern.exec(text))
    hosts.push((m[1] ?? m[2]!).toLowerCase());
  return hosts;
}

function hostAllowed(host: string, allow: string[]) {
  for (const allowed of allow) {
    if (host === allowed) return true;
    if (
      host.length > allowed.length &&
      host.endsWith(allowed) &&
      host[host.length - allowed.length - 1] === '.'
    )
      return true;
  }
  return false;
}

function firstForbiddenHost(text: string, allow: string[], taught: string[]) {
  // Most lines have neither a dot nor a scheme: skip the regex.
  if (text.indexOf('.') === -1 && text.indexOf('://') === -1) return null;
  linkPattern.lastIndex = 0;
  for (let m = linkPattern.exec(text); m !== null; m = linkPattern.exec(text)) {
    const host = (m[1] ?? m[2]!).toLowerCase();
    if (!hostAllowed(host, allow) && !hostAllowed(host, taught)) return host;
  }
  return null;
}

// --- banned words ---

type Glob = { segments: string[]; open: { start: boolean; end: boolean } };
const compiled = new WeakMap<readonly string[], (text: string) => string | null>();

/**
 * A matcher for the banned list: `*` matches any run of characters, and a word without `*` at
 * an end must start or end at a word boundary ("ass" does not hit "class"). Matching is a linear
 * walk with indexOf per segment (no user-built regular expression, so no catastrophic backtracking).
 * Cached per list object: the settings object lives until the tenant's configuration changes.
 */
export function bannedMatcher(list: readonly string[]): (text: string) => string | null {
  let matcher = compiled.get(list);
  if (matcher) return matcher;
  const globs: Glob[] = [];
  for (const raw of list) {
    const pattern = raw.toLowerCase().replace(/\s+/g, ' ').replace(/\*+/g, '*').trim();
    const segments = pattern.split('*');
    const start = segments[0] === '';
    const end = segments[segments.length - 1] === '';
    const kept = segments.filter((s) => s !== '');
    if (kept.length === 0) continue;
    globs.push({ segments: kept, open: { start, end } });
  }
  matcher = (text: string) => {
    if (globs.length === 0) return null;
    const lower = text.toLowerCase();
    for (const glob of globs) {
      const hit = matchGlob(lower, glob);
      if (hit !== null) return text.slice(hit[0], hit[1]);
    }
    return null;
  };
  compiled.set(list, matcher);
  return matcher;
}

function isWordChar(text: string, i: number) {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  return (
    (c >= 48 && c <= 57) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    (c > 127 && text[i]!.toUpperCase() !== text[i])
  );
}

/** [start, end) of the first match of a glob in a lowercased text, or null. */
function matchGlob(text: string, glob: Glob): [number, number] | null {
  const { segments, open } = glob;
  const first = segments[0]!;
  const only = segments.length === 1;
  let at = text.indexOf(first);
  // The first segment: the leftmost occurrence that starts where a word starts leaves the most room.
  while (at !== -1) {
    const startsOk = open.start || !isWordChar(text, at - 1);
    const endsOk = !only || open.end || !isWordChar(text, at + first.length);
    if (startsOk && endsOk) break;
    at = text.indexOf(first, at + 1);
  }
  if (at === -1) return null;
  if (only) return [at, at + first.length];
  let pos = at + first.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const found = text.indexOf(segments[i]!, pos);
    if (found === -1) return null;
    pos = found + segments[i]!.length;
  }
  const last = segments[segments.length - 1]!;
  let found = text.indexOf(last, pos);
  while (found !== -1 && !open.end && isWordChar(text, found + last.length))
    found = text.indexOf(last, found + 1);
  if (found === -1) return null;
  return [at, found + last.length];
}

// --- emotes ---

/** Global emotes people spam by name on Twitch and Kick (platform-marked emotes are counted exactly). */
const knownEmotes = new Set([
  'kappa',
  'pogchamp',
  'pog',
  'poggers',
  'lul',
  'lol',
  'kekw',
  'omegalul',
  'monkas',
  'pepehands',
  'pepega',
  'sadge',
  '4head',
  'biblethump',
  'residentsleeper',
  'kreygasm',
  'trihard',
  'wutface',
  'notlikethis',
  'seemsgood',
  'heyguys',
  'coolstorybob',
  'failfish',
  'dansgame',
  'swiftrage',
  'babyrage',
  'elegiggle',
  'jebaited',
  'catjam',
  'ez',
  'copium',
  'gigachad',
  'lulw',
  'pogu',
]);

/**
 * Emote-looking tokens when the platform did not mark them: known global emotes, `:name:`
 * (YouTube), `[emote:id:name]` (Kick), and pictographic emoji. Stops counting past `stop`.
 */
export function countEmoteTokens(text: string, stop = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n && count < stop) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10) {
      i++;
      continue;
    }
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 32 || d === 9 || d === 10) break;
      j++;
    }
    const len = j - i;
    if (len >= 3 && text.charCodeAt(i) === 58 && text.charCodeAt(j - 1) === 58) count++;
    else if (len >= 8 && text.startsWith('[emote:', i)) count++;
    else if (len >= 2 && len <= 16 && knownEmotes.has(text.slice(i, j).toLowerCase())) count++;
    else {
      for (let k = i; k < j; k++) {
        const code = text.codePointAt(k)!;
        if (code > 0xffff) k++;
        if (isPictograph(code)) count++;
      }
    }
    i = j;
  }
  return count;
}

function isPictograph(code: number) {
  return (code >= 0x1f300 && code <= 0x1faff) || (code >= 0x2600 && code <= 0x27bf);
}

// --- repetition ---

/** A line as repetition compares it: lowercased, spaces collapsed, trailing punctuation dropped. */
export function normalizeLine(text: string) {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s!?.,]+$/u, '')
    .trim();
}
