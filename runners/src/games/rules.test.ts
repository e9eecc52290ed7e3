import { describe, expect, it } from 'vitest';
import { chance, heistPayout, heistSurvival, slotsMultiplier, spinSlots } from './rules';

describe('game rules', () => {
  it('pays slots by how many reels match', () => {
    expect(slotsMultiplier(['a', 'a', 'a'])).toBe(10);
    expect(slotsMultiplier(['a', 'b', 'a'])).toBe(2);
    expect(slotsMultiplier(['a', 'b', 'c'])).toBe(0);
    const spin = spinSlots(['x', 'y', 'z']);
    expect(spin.reels).toHaveLength(3);
    expect(spin.multiplier).toBe(slotsMultiplier(spin.reels));
  });

  it('makes heists harder for big crews, never below 35 %', () => {
    expect(heistSurvival(1)).toBeCloseTo(0.75);
    expect(heistSurvival(5)).toBeCloseTo(0.55);
    expect(heistSurvival(50)).toBe(0.35);
    for (let i = 0; i < 200; i++) {
      const payout = heistPayout(100);
      expect(payout).toBeGreaterThanOrEqual(150);
      expect(payout).toBeLessThanOrEqual(200);
    }
  });

  it('draws uniformly in [0, 1)', () => {
    const draws = Array.from({ length: 10_000 }, chance);
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.47);
    expect(mean).toBeLessThan(0.53);
  });
});
