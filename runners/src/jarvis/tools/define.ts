/**
 * How a tool module declares a tool: the name, risk and description come from the catalogue
 * (`@homelab/db/jarvis/catalog`), so what the policy check, the settings page and the model read
 * can never drift from what runs. An error thrown by a tool (a 404 from the engine, a 409 wrong
 * state) becomes `{ok: false, error}` for the model to read instead of failing the turn.
 */
import { jarvisTool } from '@homelab/db/jarvis/catalog';
import type { z } from 'zod';
import { HttpError } from '../../internal/errors';
import type { JarvisTool, ToolContext, ToolResult } from './types';

type Implementation<A> = Pick<JarvisTool<A>, 'target' | 'run' | 'verify' | 'rollback'> & {
  args: z.ZodType<A>;
};

export function defineTool<A>(name: string, implementation: Implementation<A>): JarvisTool<A> {
  const info = jarvisTool(name);
  if (!info) throw new Error(`The tool ${name} is not in the Jarvis catalogue.`);
  return {
    name: info.name,
    risk: info.risk,
    description: info.description,
    ...implementation,
    async run(args: A, ctx: ToolContext): Promise<ToolResult> {
      try {
        return await implementation.run(args, ctx);
      } catch (error) {
        return { ok: false, error: errorText(error) };
      }
    },
  };
}

export function errorText(error: unknown): string {
  if (error instanceof HttpError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Text cut to `max` characters, saying so, so one huge value cannot fill the model's context. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Resolves after `ms`, or rejects when `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
