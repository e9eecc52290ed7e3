import { describe, expect, it } from 'vitest';
import { signLink, verifyLink } from './links';

const secret = 'r'.repeat(48);
const id = '6f1c2a4e-8b9d-4c3e-a1f2-0123456789ab';

describe('signed download links', () => {
  it('verifies its own link until it expires, then says it expired', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const token = await signLink(secret, id, expiresAt);
    expect(await verifyLink(secret, token)).toEqual({ ok: true, id, expiresAt });
    expect(await verifyLink(secret, token, expiresAt.getTime() + 1)).toEqual({
      ok: false,
      reason: 'expired',
      expiresAt,
    });
  });

  it('refuses a tampered payload, a tampered signature, another key and garbage', async () => {
    const token = await signLink(secret, id, new Date(Date.now() + 60_000));
    const [payload, mac] = token.split('.') as [string, string];
    const later = btoa(`${id}.${Date.now() + 10 * 365 * 86_400_000}`).replace(/=+$/, '');
    expect(await verifyLink(secret, `${later}.${mac}`)).toEqual({ ok: false, reason: 'invalid' });
    const flipped = `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await verifyLink(secret, `${payload}.${flipped}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLink('x'.repeat(48), token)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLink(secret, 'not-a-token')).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyLink(secret, `${payload}.${mac}.extra`)).toEqual({ ok: false, reason: 'invalid' });
  });
});
