/**
 * What every command handler receives, and the option readers they share.
 */
import { CliError, ExitCode } from '../exit-codes';
import type { Output } from '../output';
import type { Project } from '../project';

export type Context = {
  out: Output;
  project: Project;
  env: NodeJS.ProcessEnv;
  positionals: string[];
  options: Record<string, string | boolean | string[] | undefined>;
  signal?: AbortSignal;
};

export const str = (ctx: Context, name: string) => ctx.options[name] as string | undefined;
export const flag = (ctx: Context, name: string) => ctx.options[name] === true;

export function seconds(ctx: Context, name: string, fallback: number) {
  const raw = str(ctx, name);
  if (raw === undefined) return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new CliError(`--${name} wants seconds, got "${raw}"`, ExitCode.usage);
  return value * 1000;
}
