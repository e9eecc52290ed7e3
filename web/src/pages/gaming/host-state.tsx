/** How the Sunshine host's state reads on the page and the card: one badge and one "how to connect". */
import type { GamingStatus, WakeProgress } from '@homelab/db/gaming';
import { Show } from 'solid-js';
import { Badge, type Tone } from '../../ui/Badge';
import { CodeBlock } from '../../ui/CodeBlock';

const looks: Record<GamingStatus['state'], { tone: Tone; icon: string; text: string }> = {
  online: { tone: 'ok', icon: 'i-ph-check-circle', text: 'Online' },
  offline: { tone: 'danger', icon: 'i-ph-power', text: 'Offline' },
  auth_failed: { tone: 'warn', icon: 'i-ph-lock-key', text: 'Login refused' },
  not_configured: { tone: 'neutral', icon: 'i-ph-plug', text: 'Not connected' },
};

export function HostBadge(props: { state: GamingStatus['state'] }) {
  const look = () => looks[props.state];
  return (
    <Badge tone={look().tone} icon={look().icon}>
      {look().text}
    </Badge>
  );
}

export const fingerprintCommand =
  'openssl s_client -connect gaming-pc:47990 </dev/null | openssl x509 -noout -fingerprint -sha256';

/** What to set on the runners to connect Sunshine; the card shows the short form. */
export function HowToConnect(props: { compact?: boolean }) {
  return (
    <div class="flex flex-col gap-2 text-sm text-ink-muted">
      <p>
        Sunshine is not connected. Set <code class="text-ink">SUNSHINE_URL</code> (e.g.{' '}
        <code class="text-ink">https://gaming-pc:47990</code>),{' '}
        <code class="text-ink">SUNSHINE_USERNAME</code> and <code class="text-ink">SUNSHINE_PASSWORD</code> on
        the runners, and <code class="text-ink">GAMING_PC_MAC</code> to wake the PC.
      </p>
      <Show when={!props.compact}>
        <p>
          Sunshine's certificate is self-signed, so pin it: set{' '}
          <code class="text-ink">SUNSHINE_TLS_FINGERPRINT</code> to the SHA-256 fingerprint this prints (run
          it on the local network, with the PC's name or address):
        </p>
        <CodeBlock
          label="Command that prints Sunshine's certificate fingerprint"
          code={fingerprintCommand}
          copy="command"
        />
      </Show>
    </div>
  );
}

export function wakeText(progress: WakeProgress): string | null {
  switch (progress.state) {
    case 'sent':
      return 'Wake packet sent.';
    case 'waiting':
      return `Waking the gaming PC… waiting for Sunshine${progress.attempts ? ` (checked ${progress.attempts}×)` : ''}.`;
    case 'online':
      return 'The gaming PC is awake.';
    case 'timed_out':
    case 'failed':
      return progress.message;
    default:
      return null;
  }
}
