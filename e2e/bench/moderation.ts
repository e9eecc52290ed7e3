/**
 * Moderation figures for `npm run bench` (issue 8): the rules' decision time per message on one
 * core with every rule on and 200 banned patterns, over a realistic mix of chat lines (plain
 * chat, caps, links, emotes, long lines, a backtracking-bait pattern), as p50/p99/max.
 *
 * `npx tsx e2e/bench/moderation.ts` runs this part alone and updates the "moderation" key of results.json.
 */
import { readBotSettings } from '@homelab/db/stream/settings';
import { emptyAllowlist, type JudgeContext, judge } from '../../runners/src/moderation/rules';
import { percentile, round, runsAlone, saveResult } from './shared';

export const moderationTargets = { rulesP99Ms: 2 };

const lines = [
  'hello chat how is everyone doing today',
  'CHECK OUT MY STREAM AT evil.com RIGHT NOW',
  'Kappa Kappa LUL PogChamp 😀😀 Kappa Kappa LUL PogChamp',
  'a'.repeat(480),
  'what do you think about the new patch? it looks good.',
  '!!!!!!!!!!!!!!!!$$$$$$$$$$$$$$$$$$$$%%%%%%%%%%%%%%',
  'visit https://clips.twitch.tv/SomeClip it is great',
  'word17suffix is a banned thing here',
];

export function benchModeration(count = 200_000) {
  const settings = readBotSettings({
    moderation: {
      enabled: true,
      banned: [...Array.from({ length: 199 }, (_, i) => `word${i}*`), 'a*a*a*a*a*a*a*b'],
      length: { enabled: true, max: 400 },
    },
  }).moderation;
  const context = (i: number): JudgeContext => ({
    level: 'everyone',
    userId: `u${i % 500}`,
    userName: `viewer${i % 500}`,
    firstTime: i % 50 === 0,
    permitted: false,
    repeats: 1 + (i % 3),
    allow: emptyAllowlist,
  });
  for (let i = 0; i < 20_000; i++) judge(lines[i % lines.length]!, context(i), settings);
  const times = new Float64Array(count);
  let acted = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    if (judge(lines[i % lines.length]!, context(i), settings)) acted++;
    times[i] = performance.now() - started;
  }
  times.sort();
  const at = (p: number) => round(percentile(times, p)!, 4);
  return {
    messages: count,
    actedOn: acted,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: round(times[count - 1]!, 3),
    met: at(0.99) <= moderationTargets.rulesP99Ms,
  };
}

export type ModerationBenchResult = ReturnType<typeof benchModeration>;

export function printModeration(result: ModerationBenchResult) {
  console.table([
    {
      measure: 'moderation rules decision p99 (ms)',
      figure: result.p99Ms,
      target: `≤ ${moderationTargets.rulesP99Ms}`,
      verdict: result.met ? 'met' : 'MISSED',
    },
    { measure: 'p50 / max (ms)', figure: `${result.p50Ms} / ${result.maxMs}`, target: '', verdict: '' },
  ]);
}

if (runsAlone(import.meta)) {
  const result = benchModeration();
  saveResult('moderation', moderationTargets, result);
  printModeration(result);
}
