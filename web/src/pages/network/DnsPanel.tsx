/**
 * The public IP (found by the dynamic DNS runner) and each name the homelab serves: what it
 * resolves to and whether that is here. A name pointing elsewhere is spelled out, not just coloured.
 */
import type { DnsName, NetworkOverview } from '@homelab/db/network';
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import { formatRelative, plural } from '../../lib/format';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Card } from '../../ui/Card';
import { DataTable } from '../../ui/DataTable';

export function DnsPanel(props: { publicIp: NetworkOverview['publicIp']; dns: readonly DnsName[] }) {
  const elsewhere = () => props.dns.filter((d) => !d.pointsHere);
  return (
    <Card title="Public IP and DNS" icon="i-ph-globe">
      <Show
        when={props.publicIp}
        fallback={
          <p class="text-sm text-ink-muted">
            The public IP is not known yet. The dynamic DNS runner finds it every five minutes; see{' '}
            <A href="/notifications" class="text-cyan-300 underline">
              Dynamic DNS
            </A>
            .
          </p>
        }
      >
        {(ip) => (
          <p class="text-sm text-ink-muted">
            Public IP <span class="font-mono text-lg text-ink">{ip().ip}</span>, checked{' '}
            {formatRelative(ip().checkedAt)}
          </p>
        )}
      </Show>
      <Show when={props.publicIp && elsewhere().length > 0}>
        <Banner tone="warn" title={`${plural(elsewhere().length, 'name')} not pointing here`}>
          {elsewhere()
            .map((d) => d.name)
            .join(', ')}{' '}
          {elsewhere().length === 1 ? 'does' : 'do'} not resolve to {props.publicIp?.ip}. Visitors reach
          another address (or none) until the record is fixed at the DNS provider.
        </Banner>
      </Show>
      <Show
        when={props.dns.length > 0}
        fallback={
          <p class="text-sm text-ink-muted">
            No names to check. Add dynamic DNS records or monitors for your domains and they show up here.
          </p>
        }
      >
        <DataTable
          columns={[{ label: 'Name' }, { label: 'Records' }, { label: 'Points here' }]}
          items={props.dns}
          minWidth="min-w-[36rem]"
        >
          {(d) => (
            <tr>
              <td class="px-3 py-2 font-mono text-ink">{d.name}</td>
              <td class="px-3 py-2 font-mono text-xs text-ink-muted">
                {d.records.length > 0
                  ? d.records.map((r) => `${r.type} ${r.value}`).join(', ')
                  : (d.error ?? '—')}
              </td>
              <td class="px-3 py-2">
                {d.pointsHere ? (
                  <Badge tone="ok" icon="i-ph-check">
                    Yes
                  </Badge>
                ) : (
                  <Badge tone="danger" icon="i-ph-x">
                    No
                  </Badge>
                )}
              </td>
            </tr>
          )}
        </DataTable>
      </Show>
    </Card>
  );
}
