/**
 * A Jarvis tool: one module per capability, with the zod schema of its arguments (also sent to the
 * model as JSON Schema), its risk tier from the catalogue (`@homelab/db/jarvis/catalog`), the
 * target it acts on (what autonomy policies match), and what it does. Results are data for the
 * model; text read from the outside world (logs, pages, DNS) is flagged untrusted so the prompt
 * fences it as data, never instructions.
 */
import type { Pool } from '@homelab/db/client/pool';
import type { JarvisRisk } from '@homelab/db/jarvis/catalog';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Engine } from '../../docker/engine';
import type { Logger } from '../../log';

export type ToolContext = {
  sql: Pool['sql'];
  engine: Engine;
  log: Logger;
  config: Config;
  signal: AbortSignal;
};

export type ToolResult =
  | {
      ok: true;
      /** Short, for the page's card and the audit log. */
      summary: string;
      /** What the model reads (kept under a few KB by the tool). */
      data: unknown;
      /** The data holds text from outside (logs, web pages, DNS answers). */
      untrusted?: boolean;
    }
  | { ok: false; error: string };

/** After a remediation: is the symptom gone? `rollback` undoes what can be undone when it is not. */
export type Verification = { ok: boolean; detail: string };

export type JarvisTool<A = Record<string, unknown>> = {
  name: string;
  risk: JarvisRisk;
  description: string;
  args: z.ZodType<A>;
  /** The thing acted on (container name, monitor id…); null for tools without one. */
  target(args: A): string | null;
  run(args: A, ctx: ToolContext): Promise<ToolResult>;
  /** Reversible and destructive tools that can check their own effect afterwards. */
  verify?(args: A, ctx: ToolContext): Promise<Verification>;
  rollback?(args: A, ctx: ToolContext): Promise<void>;
};

/** Tools are registered with their argument type erased. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of every argument shape
export type AnyJarvisTool = JarvisTool<any>;
