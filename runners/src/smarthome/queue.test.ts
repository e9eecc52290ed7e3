import type { ServiceCallInput } from '@homelab/db/smarthome';
import { describe, expect, it } from 'vitest';
import { createCommandQueue } from './queue';

const call = (n: number): ServiceCallInput => ({
  domain: 'light',
  service: 'toggle',
  entityId: `light.l${n}`,
});

describe('the queue of service calls made while Home Assistant is away', () => {
  it('hands calls back in the order they were made, each once', () => {
    const queue = createCommandQueue();
    for (const n of [1, 2, 3]) queue.push(call(n));
    const order: string[] = [];
    for (let next = queue.next().call; next; next = queue.next().call) order.push(next.input.entityId);
    expect(order).toEqual(['light.l1', 'light.l2', 'light.l3']);
    expect(queue.size()).toBe(0);
  });

  it('drops calls that waited past their expiry and says which', () => {
    let now = 0;
    const queue = createCommandQueue({ ttlMs: 1_000, now: () => now });
    queue.push(call(1));
    now = 600;
    queue.push(call(2));
    now = 1_200;
    const { call: next, expired } = queue.next();
    expect(expired.map((c) => c.input.entityId)).toEqual(['light.l1']);
    expect(next?.input.entityId).toBe('light.l2');
    expect(next?.expiresAt).toBe(1_600);
  });

  it('lets the oldest call give way when 100 are waiting', () => {
    const queue = createCommandQueue();
    for (let n = 1; n <= 100; n++) expect(queue.push(call(n)).displaced).toBeNull();
    const { displaced } = queue.push(call(101));
    expect(displaced?.input.entityId).toBe('light.l1');
    expect(queue.size()).toBe(100);
    expect(queue.next().call?.input.entityId).toBe('light.l2');
  });

  it('makes room by dropping expired calls before displacing a live one', () => {
    let now = 0;
    const queue = createCommandQueue({ max: 2, ttlMs: 100, now: () => now });
    queue.push(call(1));
    now = 50;
    queue.push(call(2));
    now = 120;
    expect(queue.push(call(3)).displaced).toBeNull();
    expect(queue.size()).toBe(2);
  });
});
