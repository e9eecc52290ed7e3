/**
 * One tool call as a card: the tool, its risk, its target, the exact arguments, its state, result
 * and verification; a proposed call carries approve and deny, and a destructive one is approved
 * only through a confirmation that repeats the exact call.
 */
import { jarvisTool } from '@homelab/db/jarvis/catalog';
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { formatRelative } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CodeBlock } from '../../ui/CodeBlock';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { toast } from '../../ui/Toast';
import { approveCall, denyCall, type ToolCall } from './api';
import { callStateLook, formatArgs, resultSummary, riskLook } from './labels';

export interface ToolCallCardProps {
  call: ToolCall;
  /** Shown above the call on the mission-control list, where calls of many conversations meet. */
  context?: string;
  /** The API's answer after a decision: the call in its new state. */
  onDecided?: (call: ToolCall) => void;
}

export function ToolCallCard(props: ToolCallCardProps) {
  const [busy, setBusy] = createSignal<'approve' | 'deny' | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [confirming, setConfirming] = createSignal(false);
  const risk = () => riskLook[props.call.risk];
  const state = () => callStateLook[props.call.state];
  const description = () => jarvisTool(props.call.tool)?.description;
  const summary = () => resultSummary(props.call.result);

  const decide = async (verdict: 'approve' | 'deny') => {
    setBusy(verdict);
    setError(null);
    try {
      const decided =
        verdict === 'approve' ? await approveCall(props.call.id) : await denyCall(props.call.id);
      setConfirming(false);
      toast(verdict === 'approve' ? `Approved ${props.call.tool}` : `Denied ${props.call.tool}`);
      props.onDecided?.(decided);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'The decision could not be saved.');
    } finally {
      setBusy(null);
    }
  };
  const approve = () => {
    if (props.call.risk === 'destructive') {
      setError(null);
      setConfirming(true);
    } else void decide('approve');
  };

  return (
    <article
      class="flex flex-col gap-3 rounded-control border border-space-600 bg-space-900/60 p-4"
      aria-label={`Tool call ${props.call.tool}`}
    >
      <Show when={props.context}>
        <p class="text-xs text-ink-muted">{props.context}</p>
      </Show>
      <header class="flex flex-wrap items-center gap-2">
        <span class="i-ph-wrench text-violet-300" aria-hidden="true" />
        <h3 class="font-mono text-sm font-semibold text-ink">{props.call.tool}</h3>
        <Badge tone={risk().tone} icon={risk().icon}>
          {risk().text}
        </Badge>
        <Badge tone={state().tone} icon={state().icon}>
          {state().text}
        </Badge>
        <Show when={props.call.target}>
          {(target) => (
            <span class="text-sm text-ink-muted">
              on <span class="font-mono text-ink">{target()}</span>
            </span>
          )}
        </Show>
        <span class="ml-auto text-xs text-ink-muted">{formatRelative(props.call.createdAt)}</span>
      </header>
      <Show when={description()}>
        <p class="text-sm text-ink-muted">{description()}</p>
      </Show>
      <CodeBlock label={`Arguments of ${props.call.tool}`} code={formatArgs(props.call.args)} />
      <Show when={summary()}>
        <p class="text-sm text-ink">
          <span class="font-medium">Result: </span>
          <span>{summary()}</span>
        </p>
      </Show>
      <Show when={props.call.error}>
        <p class="text-sm text-danger-300">
          <span class="font-medium">Error: </span>
          <span>{props.call.error}</span>
        </p>
      </Show>
      <Show when={props.call.verification}>
        {(check) => (
          <p class={`flex items-center gap-2 text-sm ${check().ok ? 'text-ok-300' : 'text-warn-300'}`}>
            <span class={check().ok ? 'i-ph-seal-check' : 'i-ph-seal-warning'} aria-hidden="true" />
            {check().ok ? 'Verified: ' : 'Verification failed: '}
            {check().detail}
            {check().rolledBack ? ' (rolled back)' : ''}
          </p>
        )}
      </Show>
      <Show when={props.call.decidedByLabel && props.call.state !== 'proposed'}>
        <p class="text-xs text-ink-muted">
          {props.call.decidedBy === 'policy' ? 'Allowed by ' : 'Decided by '}
          {props.call.decidedByLabel}
          {props.call.decidedBy === 'discord' ? ' on Discord' : ''}
        </p>
      </Show>
      <Show when={props.call.state === 'proposed'}>
        <Show when={error() && !confirming()}>
          <Banner tone="danger" title="That did not work">
            {error()}
          </Banner>
        </Show>
        <div class="flex flex-wrap gap-2">
          <Button
            size="sm"
            variant={props.call.risk === 'destructive' ? 'danger' : 'primary'}
            icon="i-ph-check"
            busy={busy() === 'approve'}
            aria-label={`Approve ${props.call.tool}${props.call.target ? ` on ${props.call.target}` : ''}`}
            onClick={approve}
          >
            Approve
          </Button>
          <Button
            size="sm"
            icon="i-ph-x"
            busy={busy() === 'deny'}
            aria-label={`Deny ${props.call.tool}${props.call.target ? ` on ${props.call.target}` : ''}`}
            onClick={() => void decide('deny')}
          >
            Deny
          </Button>
        </div>
      </Show>
      <ConfirmDialog
        open={confirming()}
        title={`Run ${props.call.tool}?`}
        description="This cannot be undone. Jarvis runs exactly this call:"
        confirmLabel={`Approve ${props.call.tool}`}
        busy={busy() === 'approve'}
        error={error()}
        onConfirm={() => void decide('approve')}
        onCancel={() => setConfirming(false)}
      >
        <CodeBlock
          label={`The call to approve`}
          code={`${props.call.tool}${props.call.target ? ` on ${props.call.target}` : ''}\n${formatArgs(props.call.args)}`}
        />
      </ConfirmDialog>
    </article>
  );
}
