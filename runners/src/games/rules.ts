/**
 * The games' odds and payouts, apart from chat so they can be read and tested on their own. Every
 * draw uses crypto randomness.
 *
 * - Roulette: the bet comes back doubled with the chance `winChance`, else it is lost.
 * - Slots: three reels of the tenant's symbols; three alike pay 10× the bet, two alike 2×, else lost.
 * - Duel: both bet the same; a coin flip, the winner takes both bets.
 * - Heist: each crew member survives with a chance that starts at 75 % and falls 5 points for each
 *   member past the first (never below 35 %): big crews are loud. A survivor gets their bet back
 *   times a random 1.5–2.0; the others lose their bet.
 */
import { randomInt } from 'node:crypto';

/** A uniform number in [0, 1). */
export function chance(): number {
  return randomInt(0, 2 ** 47) / 2 ** 47;
}

export function rouletteWins(winChance: number): boolean {
  return chance() < winChance;
}

export function spinSlots(symbols: readonly string[]): { reels: string[]; multiplier: 0 | 2 | 10 } {
  const reels = [0, 1, 2].map(() => symbols[randomInt(symbols.length)]!);
  return { reels, multiplier: slotsMultiplier(reels) };
}

export function slotsMultiplier(reels: readonly string[]): 0 | 2 | 10 {
  const distinct = new Set(reels).size;
  return distinct === 1 ? 10 : distinct === 2 ? 2 : 0;
}

export function coinFlip(): 0 | 1 {
  return randomInt(2) as 0 | 1;
}

export function heistSurvival(crew: number): number {
  return Math.max(0.35, 0.75 - 0.05 * (crew - 1));
}

/** Whole payout of a surviving member: the bet times 1.5–2.0. */
export function heistPayout(bet: number): number {
  return Math.floor(bet * (1.5 + chance() * 0.5));
}
