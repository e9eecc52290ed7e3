import { describe, expect, it } from 'vitest';
import { backupFile, backupFileName } from './backups';
import { healthFromStatus, normalState } from './live';

describe('live state', () => {
  it('reads health from the status line of Docker and Podman', () => {
    expect(healthFromStatus('Up 5 minutes (healthy)')).toBe('healthy');
    expect(healthFromStatus('Up 2 seconds (health: starting)')).toBe('starting');
    expect(healthFromStatus('Up 2 seconds (starting)')).toBe('starting');
    expect(healthFromStatus('Exited (0) 3 minutes ago')).toBe('none');
  });

  it('maps Podman state names to Docker’s', () => {
    expect(normalState('running')).toBe('running');
    expect(normalState('configured')).toBe('created');
    expect(normalState('stopped')).toBe('exited');
  });
});

describe('backup files', () => {
  it('are named by time without colons, and kept inside the instance folder', () => {
    expect(backupFileName(new Date('2026-05-01T03:00:00.123Z'), 'dump')).toBe(
      '2026-05-01T03-00-00.123Z.dump',
    );
    expect(backupFile('/srv/backups', 'shop', '2026-05-01T03-00-00.123Z.dump')).toBe(
      '/srv/backups/shop/2026-05-01T03-00-00.123Z.dump',
    );
    expect(() => backupFile('/srv/backups', '../etc', 'x.dump')).toThrow(/unsafe/);
    expect(() => backupFile('/srv/backups', 'shop', '../x.dump')).toThrow(/unsafe/);
  });
});
