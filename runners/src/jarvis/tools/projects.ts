/**
 * The deploy_project tool: builds and starts a project the deployment analyzer proposed. The
 * analyzer does the work; it is loaded on first use, since it pulls in far more than the other tools.
 */
import { z } from 'zod';
import { defineTool } from './define';
import type { ToolContext, ToolResult } from './types';

type Analyzer = { deployProject(path: string, ctx: ToolContext): Promise<ToolResult> };

export const deployProject = defineTool('deploy_project', {
  args: z.object({
    path: z
      .string()
      .min(1)
      .max(500)
      .describe(
        'The project folder on the server (absolute path) or git repository URL the analyzer looked at',
      ),
  }),
  target: (args) => args.path,
  async run(args, ctx) {
    const analyzer = (await import('../analyzer')) as Analyzer;
    return analyzer.deployProject(args.path, ctx);
  },
});
