import { readBotSettings } from '@homelab/db/stream/settings';
import { describe, expect, it } from 'vitest';
import { opinion } from './ai';
import {
  type Allowlist,
  bannedMatcher,
  countEmoteTokens,
  emptyAllowlist,
  findLinks,
  type JudgeContext,
  judge,
  type ModerationSettings,
  normalizeLine,
} from './rules';

function settings(moderation: Record<string, unknown> = {}): ModerationSettings {
  return readBotSettings({ moderation: { enabled: true, ...moderation } }).moderation;
}

function ctx(over: Partial<JudgeContext> = {}): JudgeContext {
  return {
    level: 'everyone',
    userId: 'u1',
    userName: 'viewer1',
    firstTime: false,
    permitted: false,
    repeats: 1,
    allow: emptyAllowlist,
    ...over,
  };
}

const base = settings();
const rule = (text: string, c: Partial<JudgeContext> = {}, s = base) => judge(text, ctx(c), s)?.rule ?? null;

describe('links', () => {
  it('catches bare domains and URLs, and reports the host', () => {
    expect(judge('go to evil.com now', ctx(), base)).toEqual({
      rule: 'links',
      reason: 'link: evil.com',
      match: 'evil.com',
    });
    expect(rule('https://sub.example.org/path?q=1')).toBe('links');
    expect(rule('http://localhost:8080/x')).toBe('links');
    expect(rule('WWW.FREE-STUFF.NET')).toBe('links');
    expect(rule('bit.ly/abc')).toBe('links');
  });
  it('leaves ordinary punctuation, decimals and e-mail-less text alone', () => {
    expect(rule('hello.world is not a link')).toBeNull();
    expect(rule('version 1.2.3 is out.')).toBeNull();
    expect(rule('wait...what')).toBeNull();
    expect(rule('ok.')).toBeNull();
  });
  it('allows configured hosts and their subdomains, not look-alikes', () => {
    const s = settings({ links: { allow: ['youtube.com', 'clips.twitch.tv'] } });
    expect(rule('https://youtube.com/watch?v=1', {}, s)).toBeNull();
    expect(rule('https://www.youtube.com/watch?v=1', {}, s)).toBeNull();
    expect(rule('clips.twitch.tv/abc', {}, s)).toBeNull();
    expect(rule('notyoutube.com', {}, s)).toBe('links');
    expect(rule('youtube.com.evil.ru', {}, s)).toBe('links');
  });
  it('allows taught hosts, permitted viewers, and can be switched off', () => {
    const allow: Allowlist = { ...emptyAllowlist, links: ['imgur.com'] };
    expect(rule('i.imgur.com/x.png', { allow })).toBeNull();
    expect(rule('evil.com', { permitted: true })).toBeNull();
    expect(rule('evil.com', {}, settings({ links: { enabled: false } }))).toBeNull();
  });
  it('finds every host in order', () => {
    expect(findLinks('a.com and https://B.org/x')).toEqual(['a.com', 'b.org']);
  });
});

describe('caps', () => {
  it('acts past the share of capitals once the line has minLength letters', () => {
    expect(rule('THIS IS A VERY LOUD MESSAGE')).toBe('caps');
    expect(rule('LOUD')).toBeNull();
    expect(rule('This Is Mostly Normal Text Here')).toBeNull();
  });
  it('counts letters beyond ASCII', () => {
    expect(rule('ÄÖÜ ÉÈÊ ÀÂÇ ÑÕÝ ÅØÆ')).toBe('caps');
  });
  it('halves the share for a first-time chatter when firstTimeStrict is on', () => {
    const text = 'HALF OF THIS is shouted ok';
    expect(rule(text)).toBeNull();
    expect(rule(text, { firstTime: true })).toBe('caps');
    expect(rule(text, { firstTime: true }, settings({ firstTimeStrict: false }))).toBeNull();
  });
});

describe('symbols', () => {
  it('acts on symbol spam, not on short smileys', () => {
    expect(rule('!!!!!!!@@@@@@#####')).toBe('symbols');
    expect(rule(':) ?!')).toBeNull();
    expect(rule('what?! really, no way.')).toBeNull();
  });
});

describe('emotes', () => {
  it('uses the platform count when there is one', () => {
    expect(rule('hi', { emotes: 16 })).toBe('emotes');
    expect(rule('Kappa Kappa', { emotes: 2 })).toBeNull();
  });
  it('counts emote-looking tokens otherwise', () => {
    expect(countEmoteTokens('Kappa LUL :smile: [emote:1:pog] 😀😀 word')).toBe(6);
    expect(rule(Array(16).fill('Kappa').join(' '))).toBe('emotes');
    expect(rule(Array(15).fill('Kappa').join(' '))).toBeNull();
    expect(rule('😀'.repeat(16))).toBe('emotes');
  });
});

describe('repetition', () => {
  it('acts at max repeats within the window (the count the feature passes in)', () => {
    expect(rule('same', { repeats: 2 })).toBeNull();
    expect(rule('same', { repeats: 3 })).toBe('repetition');
    expect(rule('same', { repeats: 2, firstTime: true })).toBe('repetition');
  });
  it('normalizes case, spaces and trailing punctuation', () => {
    expect(normalizeLine('  Hello   World!!! ')).toBe('hello world');
    expect(normalizeLine('hello world')).toBe(normalizeLine('HELLO world?'));
  });
});

describe('length', () => {
  it('is off by default and acts past max when on', () => {
    const long = 'a '.repeat(200);
    expect(rule(long)).toBeNull();
    expect(rule(long, {}, settings({ length: { enabled: true, max: 300 } }))).toBe('length');
    expect(
      rule('a '.repeat(100), { firstTime: true }, settings({ length: { enabled: true, max: 300 } })),
    ).toBe('length');
  });
});

describe('banned words', () => {
  const s = settings({ banned: ['darn', 'free * here', 'scam*', '*spam'] });
  it('matches whole words, case-insensitively', () => {
    expect(judge('well DARN it', ctx(), s)).toEqual({
      rule: 'banned',
      reason: 'banned: "DARN"',
      match: 'DARN',
    });
    expect(rule('darned', {}, s)).toBeNull();
    expect(rule('undarn', {}, s)).toBeNull();
  });
  it('expands * to any run of characters, with word edges where there is no *', () => {
    expect(rule('get free robux here', {}, s)).toBe('banned');
    expect(rule('free  here', {}, s)).toBe('banned');
    expect(rule('scammer alert', {}, s)).toBe('banned');
    expect(rule('noscam', {}, s)).toBeNull();
    expect(rule('antispam', {}, s)).toBe('banned');
    expect(rule('spammy', {}, s)).toBeNull();
  });
  it('treats regex characters literally', () => {
    const r = settings({ banned: ['a.b', '(x)+'] });
    expect(rule('axb', {}, r)).toBeNull();
    expect(rule('say a.b now', {}, r)).toBe('banned');
    expect(rule('(x)+', {}, r)).toBe('banned');
  });
  it('judges a backtracking-bait pattern over a long line by its meaning', () => {
    const r = settings({ banned: ['a*a*a*a*a*a*a*b'] });
    expect(rule('a'.repeat(500), {}, r)).toBeNull();
    expect(rule(`${'a'.repeat(499)}b`, {}, r)).toBe('banned');
  });
  it('compiles a list once', () => {
    const list = ['one'];
    expect(bannedMatcher(list)).toBe(bannedMatcher(list));
  });
  it('lets allowed phrases through', () => {
    const r = settings({ banned: ['*cunt*'] });
    expect(rule('scunthorpe united', {}, r)).toBe('banned');
    const allow: Allowlist = { ...emptyAllowlist, phrases: ['scunthorpe'] };
    expect(rule('Scunthorpe united', { allow }, r)).toBeNull();
  });
});

describe('exemptions', () => {
  it('never judges the exempt level and above, or the broadcaster', () => {
    expect(rule('evil.com', { level: 'vip' })).toBeNull();
    expect(rule('evil.com', { level: 'moderator' })).toBeNull();
    expect(rule('evil.com', { level: 'subscriber' })).toBe('links');
    expect(rule('evil.com', { level: 'broadcaster' }, settings({ exemptLevel: 'broadcaster' }))).toBeNull();
    expect(rule('evil.com', { level: 'vip' }, settings({ exemptLevel: 'moderator' }))).toBe('links');
  });
  it('never judges allowed users, by id or name', () => {
    expect(rule('evil.com', { allow: { ...emptyAllowlist, users: new Set(['viewer1']) } })).toBeNull();
    expect(rule('evil.com', { allow: { ...emptyAllowlist, users: new Set(['u1']) } })).toBeNull();
  });
  it('passes ordinary chat', () => {
    for (const text of ['hi chat', 'gg wp', 'what game is this?', 'lol that was close 😀', '!points'])
      expect(rule(text)).toBeNull();
  });
});

describe('AI opinion', () => {
  const thresholds = { harassment: 0.8, hate: 0.7 };
  it('acts on the category furthest over its threshold; sub-categories count for the parent', () => {
    expect(opinion({ harassment: 0.9, hate: 0.95 }, thresholds, 0.5)).toEqual({
      kind: 'act',
      category: 'hate',
      score: 0.95,
    });
    expect(opinion({ 'harassment/threatening': 0.85 }, thresholds, 0.5)).toMatchObject({ kind: 'act' });
  });
  it('queues for review between reviewFrom and the threshold; ignores unconfigured categories', () => {
    expect(opinion({ harassment: 0.6 }, thresholds, 0.5)).toEqual({
      kind: 'review',
      category: 'harassment',
      score: 0.6,
    });
    expect(opinion({ sexual: 0.99, harassment: 0.1 }, thresholds, 0.5)).toEqual({ kind: 'none' });
  });
});
