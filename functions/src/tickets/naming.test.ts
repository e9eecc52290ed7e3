/** Ticket channel names follow Discord's rules, whatever a member's name or the pattern holds. */
import { describe, expect, it } from 'vitest';
import { sanitizeChannelName, ticketChannelName } from './naming';

describe('ticket channel names', () => {
  it('fills the pattern with a zero-padded number, the opener and the category', () => {
    expect(
      ticketChannelName('{category}-{number}-{user}', { number: 12, user: 'Evin', category: 'Billing' }),
    ).toBe('billing-0012-evin');
    expect(ticketChannelName('ticket-{number}', { number: 12345, user: 'x', category: 'y' })).toBe(
      'ticket-12345',
    );
  });

  it('lowercases, turns spaces into dashes and drops what Discord does not allow', () => {
    expect(sanitizeChannelName('  Help ME!! @everyone #1  ')).toBe('help-me-everyone-1');
    expect(sanitizeChannelName('Ünïcode   name')).toBe('ünïcode-name');
    expect(sanitizeChannelName('a -- b__c')).toBe('a-b__c');
    expect(sanitizeChannelName('x'.repeat(150))).toHaveLength(100);
  });

  it('falls back to ticket-<number> when nothing usable is left', () => {
    expect(ticketChannelName('{user}', { number: 7, user: '🙂🙂', category: 'General' })).toBe('ticket-0007');
  });
});
