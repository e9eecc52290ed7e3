/**
 * What the deployment analyzer found in a project: the stack, the proposed Dockerfile, compose
 * service and Caddy route (or the project's own files, used as they are), the variables nothing
 * sets and the risks, worst first.
 */
import { For, type JSX, Show } from 'solid-js';
import { Badge, type Tone } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CodeBlock } from '../../ui/CodeBlock';
import type { Analysis, Risk } from './analyzer-api';

const stackNames = {
  node: 'Node.js',
  python: 'Python',
  go: 'Go',
  dockerfile: 'Its own Dockerfile',
  compose: 'A compose project',
  unknown: 'Not recognised',
} as const satisfies Record<Analysis['stack']['kind'], string>;

const severityLook = {
  high: { tone: 'danger', icon: 'i-ph-warning-octagon', text: 'High' },
  medium: { tone: 'warn', icon: 'i-ph-warning', text: 'Medium' },
  low: { tone: 'info', icon: 'i-ph-info', text: 'Low' },
} as const satisfies Record<Risk['severity'], { tone: Tone; icon: string; text: string }>;
const severityOrder = { high: 0, medium: 1, low: 2 } as const;

/** The stack's facts as label/value pairs, in the words the page shows. */
function stackFacts(stack: Analysis['stack']): [string, string][] {
  const port: [string, string] = ['Port', stack.port === null ? 'not found' : String(stack.port)];
  switch (stack.kind) {
    case 'node':
      return [
        ['Node.js', stack.nodeVersion],
        ['Package manager', stack.packageManager],
        ['Lockfile', stack.lockfile ?? 'none'],
        ['Start command', stack.command.join(' ')],
        port,
      ];
    case 'python':
      return [
        ['Python', stack.pythonVersion],
        ['Installs from', stack.install === 'requirements' ? 'requirements.txt' : 'pyproject.toml'],
        ['Start command', stack.command.join(' ')],
        port,
      ];
    case 'go':
      return [['Go', stack.goVersion], port];
    case 'dockerfile':
      return [
        ['Dockerfile', stack.dockerfile],
        ['Health check', stack.hasHealthcheck ? 'yes' : 'none'],
        port,
      ];
    case 'compose':
      return [['Compose file', stack.composeFile], port];
    default:
      return [port];
  }
}

function Facts(props: { items: [string, string][] }) {
  return (
    <dl class="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
      <For each={props.items}>
        {([label, value]) => (
          <>
            <dt class="text-ink-muted">{label}</dt>
            <dd class="break-all font-mono text-ink">{value}</dd>
          </>
        )}
      </For>
    </dl>
  );
}

/** A proposed file with its copy button, or a line saying the project's own file is used. */
function Proposal(props: { title: string; code: string | null; what: string; fallback: JSX.Element }) {
  return (
    <div class="flex flex-col gap-2">
      <h3 class="text-sm font-semibold text-ink">{props.title}</h3>
      <Show when={props.code} fallback={<p class="text-sm text-ink-muted">{props.fallback}</p>}>
        {(code) => <CodeBlock label={props.title} code={code()} copy={props.what} />}
      </Show>
    </div>
  );
}

export function AnalysisView(props: { analysis: Analysis }) {
  const a = () => props.analysis;
  const missing = () => a().env.filter((v) => !v.set);
  const risks = () => [...a().risks].sort((x, y) => severityOrder[x.severity] - severityOrder[y.severity]);

  return (
    <div class="flex flex-col gap-4">
      <Card title={`Detected stack: ${stackNames[a().stack.kind]}`} icon="i-ph-stack">
        <Facts items={[['Project', a().name], ['Folder', a().path], ...stackFacts(a().stack)]} />
        <Show when={a().existing.dockerfile || a().existing.compose}>
          <p class="text-sm text-ink-muted">
            Used as they are: {[a().existing.dockerfile, a().existing.compose].filter(Boolean).join(' and ')}{' '}
            from the project.
          </p>
        </Show>
      </Card>

      <Card title="Proposal" icon="i-ph-file-code">
        <Proposal
          title="Dockerfile"
          what="Dockerfile"
          code={a().proposal.dockerfile}
          fallback={
            a().existing.dockerfile
              ? `The project's own ${a().existing.dockerfile} is used as it is.`
              : a().stack.kind === 'compose'
                ? 'None: the compose file names the images it runs.'
                : 'None: the stack was not recognised, so there is nothing to build.'
          }
        />
        <Proposal
          title="Compose service"
          what="compose service"
          code={a().proposal.composeService}
          fallback={
            a().existing.compose
              ? `The project's own ${a().existing.compose} is used as it is.`
              : 'None: the stack was not recognised.'
          }
        />
        <Proposal title="Caddy route" what="Caddy route" code={a().proposal.caddyRoute} fallback={null} />
      </Card>

      <Card title="Environment variables" icon="i-ph-key">
        <Show
          when={missing().length > 0}
          fallback={<p class="text-sm text-ink-muted">Every variable the project reads has a value.</p>}
        >
          <p class="text-sm text-ink-muted">
            The code reads these and nothing sets them: give them values before deploying.
          </p>
          <ul class="flex flex-col gap-2" aria-label="Missing environment variables">
            <For each={missing()}>
              {(variable) => (
                <li class="flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
                  <code class="font-mono font-semibold text-warn-300">{variable.name}</code>
                  <span class="text-ink-muted">read in {variable.readIn.join(', ')}</span>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Card>

      <Card title="Risks" icon="i-ph-shield-warning">
        <Show when={risks().length > 0} fallback={<p class="text-sm text-ink-muted">No risks found.</p>}>
          <ul class="flex flex-col gap-3" aria-label="Risks">
            <For each={risks()}>
              {(risk) => (
                <li class="flex flex-col gap-1 rounded-control border border-space-600 p-3 sm:flex-row sm:items-start sm:gap-3">
                  <Badge tone={severityLook[risk.severity].tone} icon={severityLook[risk.severity].icon}>
                    {severityLook[risk.severity].text}
                    <span class="sr-only"> risk</span>
                  </Badge>
                  <div class="flex flex-col gap-0.5 text-sm">
                    <p class="text-ink">{risk.message}</p>
                    <Show when={risk.file}>
                      {(file) => <p class="font-mono text-xs text-ink-muted">{file()}</p>}
                    </Show>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Card>
    </div>
  );
}
