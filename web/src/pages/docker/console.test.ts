import { describe, expect, it } from 'vitest';
import { streamUrls } from './api';
import { clampSize, describeClose } from './console';

describe('console', () => {
  it('explains the close codes the exec socket uses', () => {
    expect(describeClose(4404, '')).toBe('This container no longer exists.');
    expect(describeClose(4409, '')).toMatch(/not running/);
    expect(describeClose(1011, 'runner stopped')).toBe('The console closed: runner stopped');
  });

  it('keeps terminal sizes inside what the API accepts', () => {
    expect(clampSize(2, 1)).toEqual({ cols: 10, rows: 5 });
    expect(clampSize(120, 40)).toEqual({ cols: 120, rows: 40 });
  });

  it('opens the socket on the page’s own host, wss behind HTTPS, with the shell as a JSON command', () => {
    const url = new URL(
      streamUrls.exec('web', { cmd: ['/bin/bash'], cols: 80, rows: 24 }, {
        protocol: 'https:',
        host: 'lab.example',
      } as Location),
    );
    expect(url.protocol).toBe('wss:');
    expect(url.host).toBe('lab.example');
    expect(url.pathname).toBe('/api/docker/containers/web/exec');
    expect(JSON.parse(url.searchParams.get('cmd')!)).toEqual(['/bin/bash']);
    expect([url.searchParams.get('cols'), url.searchParams.get('rows')]).toEqual(['80', '24']);
  });
});
