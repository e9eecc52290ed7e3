/**
 * Jarvis figures for `npm run bench` (issue 9), through a stack of its own against Podman and the
 * scripted fake OpenAI answering at once, so what is measured is the product's own overhead:
 * - incident → diagnosis: an incident row is inserted (its trigger notifies the runner) about a
 *   stopped container whose logs end in an error; timed to the rules' diagnosis being written (the
 *   briefing stored right after it) and to the model's diagnosis stored, from the incident's own
 *   `started_at`, all on PostgreSQL's clock. One incident at a time, each closed before the next.
 * - read-tool round trip without the model: from the model's tool call stored by the agent (the
 *   assistant message) to the tool's result stored (the tool message), for `list_containers` and
 *   `inspect_container` against Podman; the policy check, the call's row, the run, its audit row and
 *   the answer all fall inside.
 *
 * `npx tsx e2e/bench/jarvis.ts` runs this part alone and updates the "jarvis" key of results.json.
 */
import Dockerode from 'dockerode';
import postgres from 'postgres';
import { type ChatRequest, type ScriptedReply, startFakeOpenAI } from '../fakes/openai/server';
import { startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';
import { benchEngine, benchProgress, runsAlone, saveResult, timings, withTestAdmin } from './shared';

export const jarvisTargets = { incidentToDiagnosisMs: 5_000, readToolP99Ms: 50 };

const progress = benchProgress('jarvis');

export type JarvisBenchOptions = {
  adminUrl: string;
  /** DOCKER_HOST of the engine the stack and the bench containers use. */
  dockerHost: string;
  /** A busybox image the engine has. */
  image: string;
  /** Incidents diagnosed one after another; 10 by default. */
  incidents?: number;
  /** Conversations of `callsPerTurn` read calls each; 25 by default (250 calls). */
  conversations?: number;
  callsPerTurn?: number;
};

export async function benchJarvis(options: JarvisBenchOptions) {
  const incidents = options.incidents ?? 10;
  const conversations = options.conversations ?? 25;
  const callsPerTurn = options.callsPerTurn ?? 10;
  const docker = new Dockerode({ socketPath: options.dockerHost.replace(/^unix:\/\//, '') });
  const openai = await startFakeOpenAI();
  const subject = `hle-jarvis-bench-${Date.now().toString(36)}`;

  // Incidents get a one-line diagnosis; a bench conversation reads the container `callsPerTurn` times.
  openai.script.reply((request: ChatRequest): ScriptedReply => {
    const first = request.messages.find((m) => m.role === 'user')?.content ?? '';
    if (!first.startsWith('[bench]')) return 'The container stopped after a fatal error; start it again.';
    const answered = request.messages.filter((m) => m.role === 'tool').length;
    if (answered >= callsPerTurn) return 'Done.';
    return answered % 2 === 0
      ? { toolCalls: [{ name: 'list_containers', arguments: { name: subject } }] }
      : { toolCalls: [{ name: 'inspect_container', arguments: { container: subject } }] };
  });

  const stack = await startTestStack({
    adminUrl: options.adminUrl,
    label: 'bench-jarvis',
    direct: true,
    env: {
      DOCKER_HOST: options.dockerHost,
      OPENAI_BASE_URL: openai.url,
      OPENAI_API_KEY: openai.apiKey,
      JARVIS_MODEL: 'fake-jarvis',
    },
  });
  const sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });
  try {
    const owner = await signedInAs(stack, 'owner', 'bench-jarvis');
    const settings = await owner.call('PUT', '/api/jarvis/settings', {
      conversationTokenBudget: 10_000_000,
      dailyTokenBudget: 100_000_000,
      maxStepsPerTurn: Math.min(50, callsPerTurn + 2),
    });
    if (settings.status !== 200) throw new Error(`settings refused: ${JSON.stringify(settings.json)}`);

    // A stopped container whose last log line is the error the rules quote.
    const container = await docker.createContainer({
      name: subject,
      Image: options.image,
      Cmd: ['sh', '-c', 'echo "starting"; echo "FATAL: config file /etc/app.conf not found" >&2; exit 2'],
      Labels: { 'dev.homelab.test': 'true' },
      HostConfig: { NetworkMode: 'none' },
    });
    await container.start();
    await container.wait();

    // Paused: the monitors runner leaves it alone, the incidents come from the bench.
    const monitor = await owner.call('POST', '/api/monitors', {
      name: 'bench app',
      config: { type: 'container', container: subject },
      paused: true,
    });
    if (monitor.status !== 201) throw new Error(`monitor refused: ${JSON.stringify(monitor.json)}`);

    progress(`${incidents} incidents`);
    const rulesMs: number[] = [];
    const modelMs: number[] = [];
    for (let i = 0; i < incidents; i++) {
      const [incident] = await sql<{ id: string }[]>`
        insert into incidents (monitor_id, cause, last_message)
        values (${monitor.json.id}, 'down', 'container is exited') returning id`;
      // With an instant model the model's diagnosis follows the rules' at once; both are waited for.
      const [timed] = await until(
        'the investigation to finish',
        () => sql<{ rules: number | null; model: number | null; problem: string | null; plan: unknown[] }[]>`
          select
            (select extract(epoch from (m.at - i.started_at)) * 1000 from jarvis_messages m
              where m.conversation_id = d.conversation_id and m.role = 'user' order by m.id limit 1)::float8 as rules,
            (select extract(epoch from (m.at - i.started_at)) * 1000 from jarvis_messages m
              where m.conversation_id = d.conversation_id and m.role = 'assistant' and m.tool_calls is null
                and m.content <> '' order by m.id limit 1)::float8 as model,
            d.problem, d.plan
          from incidents i join jarvis_diagnoses d on d.incident_id = i.id
          where i.id = ${incident!.id} and d.source is not null`,
        (rows) => rows[0]?.rules != null && rows[0].model != null,
        20_000,
        20,
      );
      if (i === 0) progress(`diagnosed ${timed!.problem} with the plan ${JSON.stringify(timed!.plan)}`);
      rulesMs.push(timed!.rules!);
      modelMs.push(timed!.model!);
      await sql`update incidents set resolved_at = now() where id = ${incident!.id}`;
    }

    progress(`${conversations} conversations of ${callsPerTurn} read calls`);
    const ids: string[] = [];
    for (let i = 0; i < conversations; i++) {
      const res = await owner.call('POST', '/api/jarvis/conversations', {
        message: `[bench] How is ${subject}? (${i})`,
      });
      if (res.status !== 201) throw new Error(`conversation refused: ${JSON.stringify(res.json)}`);
      ids.push(res.json.conversation.id);
      await until(
        'the turn to finish',
        async () => (await owner.call('GET', `/api/jarvis/conversations/${res.json.conversation.id}`)).json,
        (d: { conversation: { state: string } }) => d.conversation.state !== 'running',
        60_000,
        50,
      );
    }
    const rows = await sql<{ tool: string; state: string; ms: number; runMs: number }[]>`
      select c.tool, c.state, (extract(epoch from (t.at - a.at)) * 1000)::float8 as ms,
        (extract(epoch from (c.finished_at - c.created_at)) * 1000)::float8 as "runMs"
      from jarvis_messages a
        cross join lateral jsonb_array_elements(a.tool_calls) as asked(call)
        join jarvis_tool_calls c on c.conversation_id = a.conversation_id and c.call_id = asked.call->>'id'
        join jarvis_messages t on t.conversation_id = a.conversation_id and t.tool_call_id = c.call_id
      where a.conversation_id = any(${ids}::uuid[]) and a.role = 'assistant'`;
    const failed = rows.filter((r) => r.state !== 'succeeded').length;
    const byTool = (tool: string) => timings(rows.filter((r) => r.tool === tool).map((r) => r.ms));
    const readTool = { ...timings(rows.map((r) => r.ms)), failed };
    // The call's row from insert to finish: the tool's run against the engine, without the bookkeeping.
    const toolRun = timings(rows.map((r) => r.runMs));
    const incidentRules = timings(rulesMs);
    return {
      incidentToRulesDiagnosis: incidentRules,
      incidentToModelDiagnosis: timings(modelMs),
      readToolRoundTrip: readTool,
      toolRunOnly: toolRun,
      listContainers: byTool('list_containers'),
      inspectContainer: byTool('inspect_container'),
      met: {
        incidentToDiagnosis: incidentRules.maxMs <= jarvisTargets.incidentToDiagnosisMs,
        readToolP99: readTool.p99Ms <= jarvisTargets.readToolP99Ms && failed === 0,
      },
    };
  } finally {
    await docker
      .getContainer(subject)
      .remove({ force: true })
      .catch(() => {});
    await sql.end();
    await stack.stop();
    await openai.close();
  }
}

export type JarvisBenchResult = Awaited<ReturnType<typeof benchJarvis>>;

export function printJarvis(result: JarvisBenchResult) {
  const rules = result.incidentToRulesDiagnosis;
  const read = result.readToolRoundTrip;
  console.table([
    {
      measure: `incident → rules diagnosis, max of ${rules.count} (ms)`,
      figure: rules.maxMs,
      target: `≤ ${jarvisTargets.incidentToDiagnosisMs}`,
      verdict: result.met.incidentToDiagnosis ? 'met' : 'MISSED',
    },
    { measure: 'incident → rules diagnosis p50 (ms)', figure: rules.p50Ms, target: '', verdict: '' },
    {
      measure: 'incident → model diagnosis (instant fake) p50 / max (ms)',
      figure: `${result.incidentToModelDiagnosis.p50Ms} / ${result.incidentToModelDiagnosis.maxMs}`,
      target: '',
      verdict: '',
    },
    {
      measure: `read tool round trip p99, ${read.count} calls (ms)`,
      figure: read.p99Ms,
      target: `≤ ${jarvisTargets.readToolP99Ms}`,
      verdict: result.met.readToolP99 ? 'met' : 'MISSED',
    },
    {
      measure: 'read tool p50 / max (ms)',
      figure: `${read.p50Ms} / ${read.maxMs}`,
      target: '',
      verdict: read.failed ? `${read.failed} failed` : '',
    },
    {
      measure: 'of which the tool run (row inserted → finished) p50 / p99 (ms)',
      figure: `${result.toolRunOnly.p50Ms} / ${result.toolRunOnly.p99Ms}`,
      target: '',
      verdict: '',
    },
    {
      measure: 'list_containers / inspect_container p99 (ms)',
      figure: `${result.listContainers.p99Ms} / ${result.inspectContainer.p99Ms}`,
      target: '',
      verdict: '',
    },
  ]);
}

if (runsAlone(import.meta)) {
  const { dockerHost, images } = await benchEngine();
  await withTestAdmin(async (adminUrl) => {
    const result = await benchJarvis({ adminUrl, dockerHost, image: images.busybox });
    saveResult('jarvis', jarvisTargets, result);
    printJarvis(result);
  });
}
