/**
 * /jarvis/autonomy: what Jarvis may do without asking. Read tools always run; each reversible tool
 * runs on its own only on the targets granted here (and only while the master switch is on);
 * destructive tools always ask, so they offer no control at all. Budgets and Discord approvers
 * are the settings below.
 */
import { type JarvisToolInfo, jarvisTools } from '@homelab/db/jarvis/catalog';
import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { LoadState } from '../../ui/LoadState';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { createPolicy, deletePolicy, getUsage, listPolicies, type Policy } from './api';
import { JarvisHeader } from './JarvisHeader';
import { riskLook } from './labels';
import { SettingsForm } from './SettingsForm';

const byRisk = (risk: JarvisToolInfo['risk']) => jarvisTools.filter((t) => t.risk === risk);

export default function AutonomyPage() {
  usePageTitle('Jarvis autonomy');
  const policies = createLoaded(listPolicies);
  const usage = createLoaded(getUsage);
  const grantsOf = (tool: string) => (policies.value() ?? []).filter((p) => p.tool === tool && p.autonomous);

  return (
    <div class="flex flex-col gap-6">
      <JarvisHeader
        title="Autonomy"
        description="What Jarvis may do without asking you first. Everything it does is in the audit log."
      />
      <SettingsForm usage={usage} />
      <Card title="Reversible tools" icon={riskLook.reversible.icon}>
        <p class="text-sm text-ink-muted">
          Each asks for approval unless you allow it here for matching targets. A target pattern is a
          container, monitor or other name; <span class="font-mono text-ink">*</span> matches any run of
          characters (<span class="font-mono text-ink">web-*</span>), a lone{' '}
          <span class="font-mono text-ink">*</span> matches everything.
        </p>
        <LoadState load={policies} what="autonomy grants">
          {() => (
            <ul class="flex flex-col gap-3" aria-label="Reversible tools">
              <ToolGrants
                tool={{
                  name: '*',
                  risk: 'reversible',
                  description: 'Every reversible tool at once.',
                }}
                grants={grantsOf('*')}
                onChange={() => void policies.reload()}
              />
              <For each={byRisk('reversible')}>
                {(tool) => (
                  <ToolGrants
                    tool={tool}
                    grants={grantsOf(tool.name)}
                    onChange={() => void policies.reload()}
                  />
                )}
              </For>
            </ul>
          )}
        </LoadState>
      </Card>
      <Card title="Destructive tools" icon={riskLook.destructive.icon}>
        <p class="text-sm text-ink-muted">
          These cannot be undone, so Jarvis always asks, with the exact call, whatever the settings above.
        </p>
        <ToolList tools={byRisk('destructive')} note="Always asks" tone="danger" />
      </Card>
      <Card title="Read tools" icon={riskLook.read.icon}>
        <p class="text-sm text-ink-muted">These only look; Jarvis uses them freely to investigate.</p>
        <ToolList tools={byRisk('read')} note="Runs freely" tone="info" />
      </Card>
    </div>
  );
}

function ToolList(props: { tools: readonly JarvisToolInfo[]; note: string; tone: 'danger' | 'info' }) {
  return (
    <ul class="grid gap-2 md:grid-cols-2">
      <For each={props.tools}>
        {(tool) => (
          <li class="flex flex-col gap-1 rounded-control border border-space-600 p-3">
            <div class="flex flex-wrap items-center gap-2">
              <span class="font-mono text-sm font-semibold text-ink">{tool.name}</span>
              <Badge tone={props.tone}>{props.note}</Badge>
            </div>
            <p class="text-sm text-ink-muted">{tool.description}</p>
          </li>
        )}
      </For>
    </ul>
  );
}

function ToolGrants(props: { tool: JarvisToolInfo; grants: Policy[]; onChange: () => void }) {
  const [target, setTarget] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const inputId = createUniqueId();
  const errorId = createUniqueId();
  const name = () => (props.tool.name === '*' ? 'every reversible tool' : props.tool.name);

  const grant = async (event: SubmitEvent) => {
    event.preventDefault();
    const pattern = target().trim();
    if (!pattern) {
      setError('Name a target or pattern, * for all.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await createPolicy(props.tool.name, pattern);
      setTarget('');
      toast(`Jarvis may now run ${name()} on ${pattern} without asking`);
      props.onChange();
    } catch (caught) {
      setError(
        caught instanceof ApiError
          ? (caught.fields.target ?? caught.fields.tool ?? caught.message)
          : 'Could not save.',
      );
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (policy: Policy) => {
    try {
      await deletePolicy(policy.id);
      toast(`${name()} on ${policy.target} asks again`);
      props.onChange();
    } catch (caught) {
      toast(caught instanceof ApiError ? caught.message : 'Could not remove the grant.', 'danger');
    }
  };

  return (
    <li class="flex flex-col gap-2 rounded-control border border-space-600 p-3" aria-label={name()}>
      <div class="flex flex-wrap items-center gap-2">
        <span class="font-mono text-sm font-semibold text-ink">{props.tool.name}</span>
        <Show when={props.grants.length > 0} fallback={<Badge tone="neutral">Asks every time</Badge>}>
          <Badge tone="warn">
            Autonomous on {props.grants.length === 1 ? 'one pattern' : `${props.grants.length} patterns`}
          </Badge>
        </Show>
      </div>
      <p class="text-sm text-ink-muted">{props.tool.description}</p>
      <Show when={props.grants.length > 0}>
        <ul class="flex flex-wrap gap-2" aria-label={`Targets ${name()} may act on alone`}>
          <For each={props.grants}>
            {(policy) => (
              <li class="flex items-center gap-1 rounded-control bg-space-700 py-0.5 pl-2 text-sm">
                <span class="font-mono text-ink">{policy.target}</span>
                <button
                  type="button"
                  class="rounded-control p-1 text-ink-muted hover:text-ink"
                  aria-label={`Stop letting ${name()} act alone on ${policy.target}`}
                  onClick={() => void revoke(policy)}
                >
                  <span class="i-ph-x" aria-hidden="true" />
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form class="flex flex-wrap items-end gap-2" onSubmit={grant} noValidate>
        <div class="flex flex-col gap-1">
          <label for={inputId} class="text-xs text-ink-muted">
            Allow {name()} without asking on
          </label>
          <input
            id={inputId}
            class="input-field w-56 font-mono text-sm"
            placeholder="web-*"
            value={target()}
            maxLength={200}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={error() ? errorId : undefined}
            onInput={(event) => setTarget(event.currentTarget.value)}
          />
        </div>
        <Button type="submit" size="sm" icon="i-ph-plus" busy={busy()}>
          Allow
        </Button>
        <Show when={error()}>
          <p id={errorId} class="basis-full text-xs text-danger-300">
            {error()}
          </p>
        </Show>
      </form>
    </li>
  );
}
