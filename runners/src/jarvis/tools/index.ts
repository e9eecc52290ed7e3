/**
 * Every Jarvis tool by name (a test checks the list against the catalogue), and the same tools as
 * the model sees them: OpenAI function tools whose parameters are their zod schemas as JSON Schema.
 */
import { z } from 'zod';
import { auditTools } from './audit';
import { automationTools } from './automations';
import { containerTools } from './containers';
import { deleteDatabase } from './databases';
import { dnsTools } from './dns';
import { fileTools } from './files';
import { gamingTools } from './gaming';
import { googleTools } from './google';
import { pruneImagesTool } from './images';
import { incidentTools } from './incidents';
import { containerLogs } from './logs';
import { monitorTools } from './monitors';
import { networkOverview } from './network';
import { deployProject } from './projects';
import { readRunbook } from './runbooks';
import { smartHomeTools } from './smarthome';
import { systemMetrics } from './system';
import { tlsCheck } from './tls';
import type { AnyJarvisTool } from './types';
import { removeVolume } from './volumes';

const allTools: AnyJarvisTool[] = [
  ...containerTools,
  containerLogs,
  systemMetrics,
  ...monitorTools,
  ...incidentTools,
  ...dnsTools,
  tlsCheck,
  ...auditTools,
  readRunbook,
  deleteDatabase,
  pruneImagesTool,
  removeVolume,
  deployProject,
  ...smartHomeTools,
  networkOverview,
  ...gamingTools,
  ...automationTools,
  ...googleTools,
  ...fileTools,
];

let registry: Map<string, AnyJarvisTool> | undefined;

export function jarvisToolRegistry(): Map<string, AnyJarvisTool> {
  registry ??= new Map(allTools.map((tool) => [tool.name, tool]));
  return registry;
}

export type ModelTool = {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
};

let modelToolList: ModelTool[] | undefined;

/** The tools as OpenAI function tools; `io: 'input'` so fields with defaults are optional for the model. */
export function modelTools(): ModelTool[] {
  modelToolList ??= [...jarvisToolRegistry().values()].map((tool) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(tool.args, { io: 'input' }) as Record<
      string,
      unknown
    >;
    return {
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters },
    };
  });
  return modelToolList;
}
