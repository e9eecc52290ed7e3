/**
 * The delete_database tool: deletes a one-click database through the databases runner, which
 * holds its locks, backup schedule and progress feed; the data volume goes only when asked.
 */
import { z } from 'zod';
import { defineTool, pause } from './define';
import { callRunner } from './runners';

export const deleteDatabase = defineTool('delete_database', {
  args: z.object({
    database: z
      .string()
      .min(1)
      .max(63)
      .describe('The database instance name, as the databases page shows it'),
    removeVolume: z
      .boolean()
      .default(false)
      .describe('Also delete its data volume and its backups (the data is lost)'),
  }),
  target: (args) => args.database,
  async run(args, ctx) {
    const [row] = await ctx.sql<{ id: string; name: string }[]>`
      select id, name from database_instances where name = ${args.database}`;
    if (!row) return { ok: false, error: `No database named "${args.database}".` };
    await callRunner(ctx, 'databases', {
      method: 'DELETE',
      path: `/instances/${row.id}`,
      body: { confirm: row.name, removeVolume: args.removeVolume },
    });
    return {
      ok: true,
      summary: `Deleting ${row.name}${args.removeVolume ? ' with its data and backups' : '; its data volume is kept'}`,
      data: { database: row.name, removeVolume: args.removeVolume },
    };
  },
  async verify(args, ctx) {
    // The delete runs in the background on the databases runner: wait a little for the row to go.
    for (let i = 0; i < 40; i++) {
      const [row] = await ctx.sql<{ status: string; statusDetail: string | null }[]>`
        select status, status_detail as "statusDetail" from database_instances where name = ${args.database}`;
      if (!row) return { ok: true, detail: `${args.database} is deleted.` };
      if (row.status === 'failed') return { ok: false, detail: row.statusDetail ?? 'The delete failed.' };
      await pause(500, ctx.signal);
    }
    return { ok: false, detail: `${args.database} is still being deleted.` };
  },
});
