/**
 * Calling in: the inbound webhook's URL, whether AUTOMATION_INBOUND_SECRET is set, and how a
 * workflow signs its calls (the same HMAC the docs' n8n example computes).
 */
import { Show } from 'solid-js';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { CopyButton } from '../../ui/CopyButton';
import { LoadState } from '../../ui/LoadState';
import type { Loaded } from '../monitoring/load';
import type { Inbound } from './types';

export function signingExample(info: Inbound) {
  return [
    `BODY='{"action":"discord_message","channelId":"123456789012345678","content":"Hello from n8n"}'`,
    'TS=$(date +%s)',
    `SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$AUTOMATION_INBOUND_SECRET" | sed 's/^.* //')`,
    `curl -X POST '${info.url}' \\`,
    "  -H 'content-type: application/json' \\",
    `  -H "${info.timestampHeader}: $TS" \\`,
    `  -H "${info.signatureHeader}: sha256=$SIG" \\`,
    `  -d "$BODY"`,
  ].join('\n');
}

export function InboundPanel(props: { inbound: Loaded<Inbound> }) {
  return (
    <Card title="Inbound webhook" icon="i-ph-arrow-square-in">
      <LoadState load={props.inbound} what="inbound webhook" isEmpty={() => false}>
        {(info) => (
          <div class="flex flex-col gap-3 text-sm">
            <p class="text-ink-muted">
              Workflows call this URL to run a Jarvis runbook (its changes still wait for approval) or to post
              a Discord message. Calls are signed with AUTOMATION_INBOUND_SECRET over{' '}
              <code class="font-mono">&lt;timestamp&gt;.&lt;body&gt;</code> and refused when the timestamp is
              more than {Math.round(info.toleranceSeconds / 60)} minutes off.
            </p>
            <div class="flex flex-wrap items-center gap-2">
              <code class="break-all rounded bg-black/30 px-2 py-1 font-mono text-ink">{info.url}</code>
              <CopyButton text={info.url} what="inbound webhook URL" />
              <Show
                when={info.configured}
                fallback={
                  <Badge tone="warn" icon="i-ph-warning">
                    Not configured
                  </Badge>
                }
              >
                <Badge tone="ok" icon="i-ph-check">
                  Secret configured
                </Badge>
              </Show>
            </div>
            <Show when={!info.configured}>
              <p class="text-ink-muted">
                Set AUTOMATION_INBOUND_SECRET (at least 32 characters, e.g. <code>openssl rand -hex 32</code>)
                in the environment and restart; until then every call is answered 503.
              </p>
            </Show>
            <div class="flex items-center justify-between">
              <h3 class="font-medium text-ink">Signing a call</h3>
              <CopyButton text={signingExample(info)} what="signing example" />
            </div>
            <pre class="overflow-x-auto rounded bg-black/30 p-3 font-mono text-xs text-ink" tabindex="0">
              {signingExample(info)}
            </pre>
          </div>
        )}
      </LoadState>
    </Card>
  );
}
