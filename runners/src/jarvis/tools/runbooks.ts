/** The read_runbook tool: the owner's runbooks whose title or symptoms match some words. */
import { z } from 'zod';
import { defineTool } from './define';
import { searchWords } from './incidents';

type RunbookRow = { id: string; title: string; symptoms: string[]; body: string; allowedTools: string[] };

export const readRunbook = defineTool('read_runbook', {
  args: z.object({
    query: z
      .string()
      .min(1)
      .max(200)
      .describe('Words of the problem, e.g. "container crash restart" or "disk full"'),
  }),
  target: () => null,
  async run(args, ctx) {
    const words = searchWords(args.query);
    const rows = await ctx.sql<RunbookRow[]>`
      select id, title, symptoms, body, allowed_tools as "allowedTools" from jarvis_runbooks order by title`;
    // A symptom may be a word stem ("expir"), so it matches when any query word contains it, or the reverse.
    const score = (row: RunbookRow) =>
      words.filter(
        (word) =>
          row.title.toLowerCase().includes(word) ||
          row.symptoms.some((s) => word.includes(s.toLowerCase()) || s.toLowerCase().includes(word)),
      ).length;
    const matching = rows
      .map((row) => ({ row, hits: score(row) }))
      .filter((entry) => entry.hits > 0)
      .sort((a, b) => b.hits - a.hits)
      .slice(0, 3)
      .map((entry) => entry.row);
    return {
      ok: true,
      summary: matching.length
        ? `Runbooks: ${matching.map((row) => row.title).join(', ')}`
        : `No runbook matches; ${rows.length} runbooks exist`,
      data: matching.length ? matching : { available: rows.map((row) => row.title) },
    };
  },
});
