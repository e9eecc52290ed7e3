/**
 * The domains view: each domain and subdomain on one row with its HTTP, TLS and DNS state, in
 * words, so the owner sees at a glance which of rig-city.com, evindrake.net and scarletredjoker.com
 * is in trouble and why.
 */
import { A } from '@solidjs/router';
import { TableCard } from '../../ui/TableCard';
import type { Loaded } from './load';
import { StateBadge } from './StateBadge';
import type { DomainRow } from './types';

/** Hosts sorted as a tree: each domain, its own host first, then its subdomains by name. */
export const byDomainTree = (a: DomainRow, b: DomainRow) =>
  a.domain.localeCompare(b.domain) ||
  Number(a.host !== a.domain) - Number(b.host !== b.domain) ||
  a.host.localeCompare(b.host);

function CheckCell(props: { state: string | null; kind: string; host: string }) {
  return (
    <td class="py-2 pr-4">
      {props.state ? (
        <StateBadge state={props.state} label={`${props.host} ${props.kind}`} />
      ) : (
        <span class="text-ink-muted">
          <span class="sr-only">{props.kind}: </span>not checked
        </span>
      )}
    </td>
  );
}

export function DomainsPanel(props: { domains: Loaded<DomainRow[]> }) {
  return (
    <TableCard
      title="Domains"
      icon="i-ph-globe-hemisphere-west"
      load={props.domains}
      what="domains"
      lines={3}
      empty={{
        title: 'No domains yet',
        icon: 'i-ph-globe',
        body: 'Give a monitor a domain (rig-city.com, evindrake.net…) and it shows up here with its HTTP, TLS and DNS state.',
      }}
      columns={[{ label: 'Host' }, { label: 'HTTP' }, { label: 'TLS' }, { label: 'DNS' }]}
      minWidth="min-w-[36rem]"
      caption="Domains and the state of their HTTP, TLS and DNS checks"
      order={byDomainTree}
    >
      {(row) => (
        <tr>
          <th scope="row" class="py-2 pr-4 text-left font-normal">
            <A
              href={`/monitoring?filter=${encodeURIComponent(row.host)}`}
              class="font-mono text-sm text-ink hover:underline"
              classList={{ 'pl-5': row.host !== row.domain }}
            >
              {row.host}
            </A>
            {row.host !== row.domain ? <span class="sr-only"> (under {row.domain})</span> : null}
          </th>
          <CheckCell state={row.http} kind="HTTP" host={row.host} />
          <CheckCell state={row.tls} kind="TLS" host={row.host} />
          <CheckCell state={row.dns} kind="DNS" host={row.host} />
        </tr>
      )}
    </TableCard>
  );
}
