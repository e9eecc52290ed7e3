/**
 * `homelab secrets`: creates .env from infra/env.example when missing (mode 600) and fills every empty
 * generated secret; prints the names it filled, never the values.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '../config';
import { fillSecrets, generatedInExample, requiredSecrets } from '../env-file';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import type { Project } from '../project';
import type { Context } from './context';

function exampleFile(project: Project) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    path.join(project.dir, 'infra/env.example'),
    // Bundled: infra/dist/homelab.js; from source: infra/src/cli/homelab/commands/secrets.ts.
    path.resolve(here, '../env.example'),
    path.resolve(here, '../../../../env.example'),
  ];
  return candidates.find((file) => existsSync(file)) ?? null;
}

export async function secrets(ctx: Context): Promise<ExitCodeValue> {
  const { envFile } = ctx.project;
  const example = exampleFile(ctx.project);
  const exampleText = example ? readFileSync(example, 'utf8') : '';
  const created = !existsSync(envFile);
  const before = created ? exampleText : readFileSync(envFile, 'utf8');
  const wanted = { ...generatedInExample(exampleText), ...requiredSecrets };
  const { text, generated, kept } = fillSecrets(before, wanted);
  if (created || generated.length > 0) {
    writeFileSync(envFile, text, { mode: 0o600 });
    chmodSync(envFile, 0o600);
  }
  ctx.out.emit({ envFile, created, generated, kept });
  if (created)
    ctx.out.line(
      `Created ${envFile}${example ? ` from ${path.relative(ctx.project.dir, example)}` : ''} (mode 600).`,
    );
  if (generated.length === 0)
    ctx.out.line(ctx.out.paint('green', 'Every secret is already set; nothing changed.'));
  else {
    ctx.out.line(`Generated ${generated.length} secret${generated.length === 1 ? '' : 's'} in ${envFile}:`);
    for (const name of generated) ctx.out.line(`  ${ctx.out.paint('green', '+')} ${name}`);
  }
  if (kept.length > 0) ctx.out.line(ctx.out.paint('dim', `Kept as they were: ${kept.join(', ')}`));
  const settings = loadSettings(ctx.project, {});
  if (!settings.ACME_EMAIL)
    ctx.out.line(ctx.out.paint('yellow', `Still to do by hand: set ACME_EMAIL in ${envFile}.`));
  return ExitCode.ok;
}
