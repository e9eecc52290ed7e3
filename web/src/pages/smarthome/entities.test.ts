import type { SmartHomeEntity } from '@homelab/db/smarthome';
import { describe, expect, it } from 'vitest';
import { expectedAfter, numericSeries, roomsOf, stateSpans } from './entities';

const entity = (entityId: string, areaId: string | null, state = 'off'): SmartHomeEntity => ({
  entityId,
  name: entityId,
  domain: entityId.split('.')[0]!,
  areaId,
  deviceId: null,
  state,
  attributes: {},
  lastChanged: '2025-01-01T00:00:00Z',
});

describe('roomsOf', () => {
  it('sorts rooms by name, puts unknown or missing areas under Other and leaves scenes out', () => {
    const rooms = roomsOf(
      {
        areas: [
          { id: 'z', name: 'Zolder' },
          { id: 'k', name: 'Kitchen' },
          { id: 'e', name: 'Empty' },
        ],
      },
      [
        entity('light.b', 'k'),
        entity('light.a', 'k'),
        entity('switch.x', 'gone'),
        entity('sensor.y', null),
        entity('scene.s', 'k'),
        entity('fan.z', 'z'),
      ],
    );
    expect(rooms.map((r) => [r.name, r.entities.map((e) => e.entityId)])).toEqual([
      ['Kitchen', ['light.a', 'light.b']],
      ['Zolder', ['fan.z']],
      ['Other', ['sensor.y', 'switch.x']],
    ]);
  });
});

describe('expectedAfter', () => {
  it('shows a dimmed light as on with its new brightness, and leaves scripts to Home Assistant', () => {
    const light = entity('light.a', null);
    const dimmed = expectedAfter(light, {
      domain: 'light',
      service: 'turn_on',
      entityId: 'light.a',
      data: { brightness_pct: 40 },
    });
    expect(dimmed?.state).toBe('on');
    expect(dimmed?.attributes.brightness).toBe(102);
    expect(
      expectedAfter(entity('script.x', null), { domain: 'script', service: 'turn_on', entityId: 'script.x' }),
    ).toMatchObject({ state: 'on' });
    expect(
      expectedAfter(entity('script.x', null), { domain: 'script', service: 'reload', entityId: 'script.x' }),
    ).toBeNull();
  });
});

describe('history', () => {
  it('charts numbers and times states otherwise', () => {
    expect(numericSeries([{ state: '20.5' }, { state: 'unavailable' }, { state: '21' }])).toEqual([20.5, 21]);
    expect(numericSeries([{ state: 'on' }, { state: '1' }])).toBeNull();
    const now = Date.parse('2025-01-01T04:00:00Z');
    const spans = stateSpans(
      [
        { state: 'on', at: '2025-01-01T00:00:00Z' },
        { state: 'on', at: '2025-01-01T01:00:00Z' },
        { state: 'off', at: '2025-01-01T03:00:00Z' },
      ],
      now,
    );
    expect(spans.map((s) => [s.state, s.share])).toEqual([
      ['on', 0.75],
      ['off', 0.25],
    ]);
  });
});
