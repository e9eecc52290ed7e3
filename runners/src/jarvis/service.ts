/**
 * The jarvis runner: listens on NOTIFY 'jarvis' for a person's message (run the turn), a decision on
 * a proposed call (act on it and continue) and a new incident (investigate). On start it fails what
 * a crashed process left running and acts on decisions no process acted on.
 */
import { z } from 'zod';
import { acquireEngine, type Engine } from '../docker/engine';
import { createOutageReporter } from '../log';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createJarvisAgent } from './agent';
import { projectsRootOf } from './analyzer';
import type { JarvisAgent, JarvisNotice } from './contracts';
import { createDiscordApprovals } from './discord';
import { createInvestigator } from './investigate';
import { createJarvisModel } from './model';
import { createJarvisRoutes } from './routes';
import { decidedNotActedOn, failInterrupted } from './store';
import { jarvisToolRegistry } from './tools/index';
import type { AnyJarvisTool } from './tools/types';

export type JarvisRunnerOptions = {
  /** Replaces the tool registry (tests). */
  tools?: ReadonlyMap<string, AnyJarvisTool>;
  /** Replaces the shared container engine (tests). */
  engine?: Engine;
  /** Called for every incident that opens (not silenced): the investigation. */
  onIncident?: (incidentId: string, agent: JarvisAgent, ctx: RunnerContext) => Promise<void>;
  /** How often open diagnoses are followed up (a fix verified, the incident closed). */
  reconcileMs?: number;
};

const noticeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident'), id: z.string().uuid() }),
  z.object({ kind: z.literal('turn'), conversationId: z.string().uuid() }),
  z.object({ kind: z.literal('decision'), id: z.string().uuid() }),
]);

export function createJarvisRunner(options: JarvisRunnerOptions = {}): Runner {
  return { name: 'jarvis', start: (ctx) => startJarvis(ctx, options) };
}

async function startJarvis(ctx: RunnerContext, options: JarvisRunnerOptions): Promise<RunnerHandle> {
  const { sql } = ctx.pool;
  const lease = options.engine
    ? null
    : acquireEngine({ log: ctx.log.child({ component: 'engine' }), host: ctx.config.dockerHost });
  const model = createJarvisModel(ctx.config);
  const agent = createJarvisAgent({
    sql,
    log: ctx.log,
    config: ctx.config,
    engine: options.engine ?? lease!.engine,
    model,
    tools: options.tools ?? jarvisToolRegistry(),
    approvals: createDiscordApprovals({
      botToken: ctx.config.discord?.botToken,
      baseUrl: ctx.config.discord?.baseUrl,
      log: ctx.log.child({ component: 'discord' }),
    }),
    signal: ctx.signal,
  });
  const investigator = createInvestigator({
    sql,
    agent,
    log: ctx.log.child({ component: 'investigate' }),
    context: () => ({
      sql,
      engine: options.engine ?? lease!.engine,
      log: ctx.log.child({ component: 'diagnose' }),
      config: ctx.config,
      signal: ctx.signal,
    }),
  });
  const onIncident =
    options.onIncident ??
    (async (id: string) => {
      await investigator.onIncident(id);
    });
  const outage = createOutageReporter(ctx.log, 'the jarvis notifications');
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  function track(work: Promise<void>, what: string) {
    const done = work
      .catch((error: unknown) => ctx.log.error(`jarvis ${what} failed`, { err: error }))
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  }

  function onNotice(payload: string) {
    let notice: JarvisNotice;
    try {
      notice = noticeSchema.parse(JSON.parse(payload));
    } catch {
      ctx.log.warn('ignored a malformed jarvis notification', { payload: payload.slice(0, 200) });
      return;
    }
    if (notice.kind === 'turn') track(agent.runTurn(notice.conversationId), 'turn');
    else if (notice.kind === 'decision') track(agent.resume(notice.id), 'decision');
    else track(onIncident(notice.id, agent, ctx), 'investigation');
  }

  /** Decisions whose notification was missed: while this process was down, or during a reconnect. */
  async function catchUp() {
    for (const id of await decidedNotActedOn(sql)) track(agent.resume(id), 'decision');
  }

  const interrupted = await failInterrupted(sql);
  if (interrupted.conversations + interrupted.calls > 0)
    ctx.log.warn('failed what a stopped process left running', interrupted);

  let listening: { unlisten(): Promise<void> } | null = null;
  try {
    // postgres.js re-listens by itself after a dropped connection; onlisten fires each time,
    // and notifications sent meanwhile are lost, so every (re)subscription catches up.
    listening = await sql.listen('jarvis', onNotice, () => {
      outage.ok();
      void catchUp().catch((error: unknown) => outage.failed(error));
    });
  } catch (error) {
    lease?.release();
    throw error;
  }

  // Approvals, verifications and incidents closing move diagnoses on; they are followed by polling,
  // one follow-up at a time (one may outlast the interval: it can start an investigation).
  let followingUp = false;
  const following = setInterval(() => {
    if (stopped || followingUp) return;
    followingUp = true;
    track(
      investigator.reconcile().finally(() => {
        followingUp = false;
      }),
      'diagnosis follow-up',
    );
  }, options.reconcileMs ?? 30_000);

  return {
    routes: createJarvisRoutes({
      agent,
      model: model.model,
      projectsRoot: projectsRootOf(ctx.config),
      async proposeDeploy(path) {
        const [conversation] = await ctx.pool.sql<{ id: string }[]>`
          insert into jarvis_conversations (title, origin) values (${`Deploy ${path}`}, 'analyzer') returning id`;
        const call = await agent.submit(conversation!.id, {
          tool: 'deploy_project',
          args: { path },
          why: 'Deploy the project the analyzer looked at.',
        });
        return { conversationId: conversation!.id, call };
      },
    }),
    detail: () => ({ model: model.model, configured: model.configured, busy: inFlight.size }),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(following);
      await listening?.unlisten().catch(() => {});
      await Promise.allSettled([...inFlight]);
      lease?.release();
    },
  };
}
