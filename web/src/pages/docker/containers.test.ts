import { describe, expect, it } from 'vitest';
import { container, containerEvent } from '../../test/docker-fixtures';
import {
  allowedActions,
  applyEvent,
  bulkSummary,
  bulkTargets,
  describeChange,
  describePorts,
  describeState,
  filterContainers,
  groupByStack,
  uptimeText,
} from './containers';

const web = container({ name: 'web', project: 'blog', image: 'nginx:1.27' });
const db = container({ name: 'db', project: 'blog', image: 'postgres:17', health: 'unhealthy' });
const cron = container({ name: 'cron', image: 'busybox', state: 'exited', exitCode: 0, startedAt: null });
const media = container({ name: 'plex', project: 'media', image: 'plexinc/pms', state: 'paused' });
const all = [web, db, cron, media];

describe('filterContainers', () => {
  it('matches name, image or stack in any case', () => {
    expect(filterContainers(all, 'NGINX', 'all').map((c) => c.name)).toEqual(['web']);
    expect(filterContainers(all, 'blog', 'all').map((c) => c.name)).toEqual(['web', 'db']);
    expect(filterContainers(all, '  ', 'all')).toHaveLength(4);
  });

  it('filters by state, with "stopped" meaning exited, created or dead', () => {
    expect(filterContainers(all, '', 'running').map((c) => c.name)).toEqual(['web', 'db']);
    expect(filterContainers(all, '', 'stopped').map((c) => c.name)).toEqual(['cron']);
    expect(filterContainers(all, '', 'paused').map((c) => c.name)).toEqual(['plex']);
    expect(filterContainers(all, '', 'unhealthy').map((c) => c.name)).toEqual(['db']);
    expect(filterContainers(all, 'web', 'stopped')).toEqual([]);
  });
});

describe('groupByStack', () => {
  it('orders stacks by name with their containers by name, loose containers last', () => {
    const groups = groupByStack(all);
    expect(groups.map((g) => g.stack)).toEqual(['blog', 'media', null]);
    expect(groups[0]!.containers.map((c) => c.name)).toEqual(['db', 'web']);
    expect(groups.map((g) => g.running)).toEqual([2, 0, 0]);
  });
});

describe('applyEvent', () => {
  it('replaces a changed container in place, adds a new one and drops a removed one', () => {
    const stopped = { ...web, state: 'exited' as const, exitCode: 0 };
    const patched = applyEvent(all, containerEvent(stopped));
    expect(patched[0]).toBe(stopped);
    expect(patched).toHaveLength(4);

    const fresh = container({ name: 'new' });
    expect(applyEvent(all, containerEvent(fresh)).at(-1)).toBe(fresh);

    expect(applyEvent(all, containerEvent(null, db.id)).map((c) => c.name)).toEqual(['web', 'cron', 'plex']);
  });

  it('leaves the list alone for other kinds of events', () => {
    const list = applyEvent(all, { type: 'image', action: 'pull', id: 'x', name: null, at: '' });
    expect(list).toBe(all);
  });
});

describe('describeChange', () => {
  it('says what changed in words a screen reader can speak', () => {
    expect(describeChange(web, containerEvent({ ...web, state: 'exited', exitCode: 137 }))).toBe(
      'web is now exited (137)',
    );
    expect(describeChange(web, containerEvent({ ...web, health: 'unhealthy' }))).toBe('web is now unhealthy');
    expect(describeChange(web, containerEvent(null, web.id))).toBe('web was removed');
    expect(describeChange(undefined, containerEvent(container({ name: 'fresh' })))).toBe('fresh was created');
    expect(describeChange(web, containerEvent({ ...web, status: 'Up 6 minutes' }))).toBeNull();
  });
});

describe('states, actions and uptime', () => {
  it('reads a crash differently from a clean exit', () => {
    expect(describeState({ state: 'exited', exitCode: 0 })).toMatchObject({
      tone: 'neutral',
      text: 'Exited',
    });
    expect(describeState({ state: 'exited', exitCode: 1 })).toMatchObject({
      tone: 'danger',
      text: 'Exited (1)',
    });
  });

  it('offers only the actions a state allows', () => {
    expect(allowedActions('running')).toEqual(['stop', 'restart', 'pause', 'kill']);
    expect(allowedActions('paused')).toContain('unpause');
    expect(allowedActions('exited')).toEqual(['start']);
    expect(allowedActions('removing')).toEqual([]);
  });

  it('applies bulk actions only to containers they change', () => {
    expect(bulkTargets(all, 'start').map((c) => c.name)).toEqual(['cron']);
    expect(bulkTargets(all, 'stop').map((c) => c.name)).toEqual(['web', 'db', 'plex']);
    expect(bulkTargets(all, 'restart')).toHaveLength(4);
  });

  it('shows uptime while up and the stop time otherwise', () => {
    const now = Date.parse('2025-01-01T01:00:05Z');
    expect(uptimeText(web, now)).toBe('1h');
    expect(uptimeText({ ...cron, finishedAt: '2025-01-01T00:58:00Z' }, now)).toMatch(
      /^stopped 2 minutes ago$/,
    );
    expect(uptimeText({ state: 'created', startedAt: null, finishedAt: '0001-01-01T00:00:00Z' }, now)).toBe(
      '—',
    );
  });

  it('summarises a bulk action with what failed and why', () => {
    expect(bulkSummary('stop', 3, [])).toEqual({ message: 'Stopped 3 containers.', tone: 'ok' });
    expect(bulkSummary('remove', 1, [{ name: 'db', message: 'in use' }])).toEqual({
      message: 'Removed 1 container. 1 failed: db (in use)',
      tone: 'danger',
    });
  });
});

describe('describePorts', () => {
  it('lists published ports first, once per port, with links only for reachable TCP', () => {
    const ports = describePorts(
      [
        { privatePort: 5432, publicPort: null, ip: null, protocol: 'tcp' },
        { privatePort: 80, publicPort: 8080, ip: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 80, publicPort: 8080, ip: '::', protocol: 'tcp' },
        { privatePort: 53, publicPort: 5353, ip: '0.0.0.0', protocol: 'udp' },
        { privatePort: 9000, publicPort: 9000, ip: '127.0.0.1', protocol: 'tcp' },
      ],
      'homelab.lan',
    );
    expect(ports).toEqual([
      { text: '5353→53/udp', href: null },
      { text: '8080→80/tcp', href: 'http://homelab.lan:8080' },
      { text: '9000→9000/tcp', href: null },
      { text: '5432/tcp', href: null },
    ]);
  });
});
