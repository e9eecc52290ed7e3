/**
 * `homelab doctor`: prints each check as it finishes, exit 1 when any failed.
 */
import { runDoctor } from '../doctor';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { type Context, seconds } from './context';

export async function doctor(ctx: Context): Promise<ExitCodeValue> {
  const out = ctx.out;
  const checks = await runDoctor(
    {
      project: ctx.project,
      env: ctx.env,
      domains: ctx.options.domain as string[] | undefined,
      timeoutMs: seconds(ctx, 'timeout', 5),
    },
    (check) => {
      out.line(`[${out.badge(check.status)}] ${check.name}: ${check.detail}`);
      if (check.fix) out.line(`       ${out.paint('dim', 'fix:')} ${check.fix}`);
    },
  );
  out.emit({ checks });
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warned = checks.filter((c) => c.status === 'warn').length;
  out.line();
  out.line(
    failed > 0
      ? out.paint(
          'red',
          `${failed} check${failed === 1 ? '' : 's'} failed, ${warned} warning${warned === 1 ? '' : 's'}.`,
        )
      : out.paint(
          'green',
          `All checks passed${warned > 0 ? ` (${warned} warning${warned === 1 ? '' : 's'})` : ''}.`,
        ),
  );
  return failed > 0 ? ExitCode.failed : ExitCode.ok;
}
