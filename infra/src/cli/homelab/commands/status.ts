/**
 * `homelab status`: the compose project's containers and HomeLabHub's own /api/health; exit 1 when
 * anything is down.
 */
import { loadSettings } from '../config';
import { connectEngine } from '../engine';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { formatUptime, projectContainers, type ServiceContainer } from '../services';
import { type Context, seconds, str } from './context';

const serviceOk = (c: ServiceContainer) =>
  (c.state === 'running' && (c.health === null || c.health === 'healthy')) ||
  (c.state === 'exited' && c.exitCode === 0);

async function appHealth(url: string, timeoutMs: number) {
  const target = `${url.replace(/\/$/, '')}/api/health`;
  try {
    const response = await fetch(target, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json().catch(() => null)) as unknown;
    return { url: target, ok: response.ok, status: response.status, body, error: null };
  } catch (error) {
    return { url: target, ok: false, status: null, body: null, error: (error as Error).message };
  }
}

export async function status(ctx: Context): Promise<ExitCodeValue> {
  const timeoutMs = seconds(ctx, 'timeout', 5);
  const engine = await connectEngine(ctx.env);
  const containers = await projectContainers(engine.docker, ctx.project.name);
  const settings = loadSettings(ctx.project, ctx.env);
  const url = str(ctx, 'url') ?? settings.PUBLIC_ORIGIN ?? 'https://host.evindrake.net';
  const app = await appHealth(url, timeoutMs);
  const services = containers.map((c) => ({
    service: c.service,
    name: c.name,
    state: c.state === 'exited' && c.exitCode === 0 ? 'completed' : c.state,
    health: c.health,
    uptime: formatUptime(c.startedAt),
    startedAt: c.startedAt,
    image: c.image,
    ok: serviceOk(c),
  }));
  const out = ctx.out;
  out.emit({ project: ctx.project.name, engine: engine.host, services, app });
  if (services.length === 0)
    out.line(
      out.paint(
        'yellow',
        `No containers in compose project "${ctx.project.name}". Start it with \`homelab up\`.`,
      ),
    );
  else
    out.table(
      ['SERVICE', 'STATE', 'HEALTH', 'UPTIME', 'IMAGE'],
      services.map((s) => [
        s.service,
        out.paint(s.ok ? 'green' : 'red', s.state),
        s.health
          ? out.paint(
              s.health === 'healthy' ? 'green' : s.health === 'unhealthy' ? 'red' : 'yellow',
              s.health,
            )
          : '-',
        s.uptime,
        s.image,
      ]),
    );
  out.line();
  out.line(
    app.ok
      ? `HomeLabHub ${out.paint('green', 'healthy')} at ${app.url}`
      : `HomeLabHub ${out.paint('red', 'not healthy')} at ${app.url}: ${app.error ?? `HTTP ${app.status}`}`,
  );
  return services.length > 0 && services.every((s) => s.ok) && app.ok ? ExitCode.ok : ExitCode.failed;
}
