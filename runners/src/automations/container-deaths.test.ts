import { describe, expect, it } from 'vitest';
import { containerDeath } from './container-deaths';

const die = (exitCode: string | undefined, type = 'container', action = 'die') => ({
  Type: type,
  Action: action,
  Actor: {
    ID: 'abc123',
    Attributes: { name: 'web', image: 'nginx:1.27', ...(exitCode ? { exitCode } : {}) },
  },
  time: 1_700_000_000,
});

describe('containerDeath', () => {
  it('reports a die with a non-zero exit code with the container, image and code', () => {
    expect(containerDeath(die('137'))).toEqual({
      containerId: 'abc123',
      name: 'web',
      image: 'nginx:1.27',
      exitCode: 137,
      at: new Date(1_700_000_000_000).toISOString(),
    });
  });

  it('ignores clean exits, other actions and other object types', () => {
    expect(containerDeath(die('0'))).toBeNull();
    expect(containerDeath(die(undefined))).toBeNull();
    expect(containerDeath(die('1', 'container', 'stop'))).toBeNull();
    expect(containerDeath(die('1', 'network'))).toBeNull();
  });
});
