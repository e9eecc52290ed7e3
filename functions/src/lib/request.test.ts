import { describe, expect, it } from 'vitest';
import { clientIp } from './request';

const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('clientIp', () => {
  it('ignores forwarding headers unless a proxy in front is trusted', () => {
    expect(clientIp(headers({ 'x-forwarded-for': '6.6.6.6' }), false)).toBe('unknown');
  });

  it('takes the hop the trusted proxy appended, not what the client wrote before it', () => {
    expect(clientIp(headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9' }), true)).toBe('203.0.113.9');
  });

  it("prefers Cloudflare's connecting address", () => {
    expect(
      clientIp(headers({ 'cf-connecting-ip': '198.51.100.2', 'x-forwarded-for': '1.1.1.1' }), true),
    ).toBe('198.51.100.2');
  });
});
