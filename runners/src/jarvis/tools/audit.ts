/** The search_audit tool: who changed what, newest first, filtered by text, action and time. */
import { z } from 'zod';
import { clip, defineTool } from './define';

type AuditLine = {
  at: string;
  actor: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: Record<string, unknown> | null;
};

export const searchAudit = defineTool('search_audit', {
  args: z.object({
    text: z.string().max(200).optional().describe('Text found in the action, target, actor or detail'),
    action: z
      .string()
      .max(100)
      .optional()
      .describe('Actions starting with this, e.g. "docker." or "monitors.pause"'),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 90)
      .default(24)
      .describe('How many hours back'),
    limit: z.number().int().min(1).max(50).default(20).describe('At most this many entries'),
  }),
  target: () => null,
  async run(args, ctx) {
    const like = args.text ? `%${args.text.replace(/[\\%_]/g, '\\$&')}%` : null;
    const prefix = args.action ? `${args.action.replace(/[\\%_]/g, '\\$&')}%` : null;
    const rows = await ctx.sql<AuditLine[]>`
      select to_json(at) #>> '{}' as at, coalesce(actor_label, actor_kind) as actor, action, target, outcome, detail
      from audit_log
      where at > now() - make_interval(hours => ${args.hours})
        and (${prefix}::text is null or action like ${prefix})
        and (${like}::text is null or concat_ws(' ', action, target, actor_label, detail::text) ilike ${like})
      order by at desc
      limit ${args.limit}`;
    return {
      ok: true,
      summary: `${rows.length} audit entries in ${args.hours} h`,
      // Targets and details carry names people typed.
      untrusted: true,
      data: rows.map((row) => ({
        ...row,
        detail: row.detail ? clip(JSON.stringify(row.detail), 300) : null,
      })),
    };
  },
});

export const auditTools = [searchAudit];
