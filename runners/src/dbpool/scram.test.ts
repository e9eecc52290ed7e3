import { describe, expect, it } from 'vitest';
import { md5Password, ScramError, scramClientFinal, scramClientFirst, verifyScramServerFinal } from './scram';

// RFC 7677 §3: user "user", password "pencil".
const rfc = {
  nonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

describe('SCRAM-SHA-256', () => {
  it('reproduces the exchange of RFC 7677', async () => {
    const first = scramClientFirst(rfc.nonce, 'user');
    expect(first.message).toBe(rfc.clientFirst);
    const final = await scramClientFinal({
      password: 'pencil',
      nonce: rfc.nonce,
      clientFirstBare: first.bare,
      serverFirst: rfc.serverFirst,
    });
    expect(final.message).toBe(rfc.clientFinal);
    expect(() => verifyScramServerFinal(rfc.serverFinal, final.serverSignature)).not.toThrow();
  });

  it('refuses a server that does not know the password, or reports a failure', async () => {
    const final = await scramClientFinal({
      password: 'pencil',
      nonce: rfc.nonce,
      clientFirstBare: scramClientFirst(rfc.nonce, 'user').bare,
      serverFirst: rfc.serverFirst,
    });
    expect(() =>
      verifyScramServerFinal('v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', final.serverSignature),
    ).toThrow(/signature does not match/);
    expect(() => verifyScramServerFinal('e=invalid-proof', final.serverSignature)).toThrow(ScramError);
  });

  it('refuses a server nonce that does not extend the client nonce', async () => {
    const options = { password: 'pencil', nonce: rfc.nonce, clientFirstBare: 'n=,r=x' };
    await expect(scramClientFinal({ ...options, serverFirst: 'r=other,s=W22Z,i=4096' })).rejects.toThrow(
      /nonce/,
    );
    await expect(
      scramClientFinal({ ...options, serverFirst: `r=${rfc.nonce},s=W22Z,i=4096` }),
    ).rejects.toThrow(/nonce/);
  });

  it('escapes = and , in the user name', () => {
    expect(scramClientFirst('abc', 'a=b,c').bare).toBe('n=a=3Db=2Cc,r=abc');
  });
});

describe('md5Password', () => {
  it('answers like libpq: md5(md5(password + user) + salt)', () => {
    // Computed independently with Python's hashlib.
    expect(md5Password('alice', 'secret', Buffer.from([1, 2, 3, 4]))).toBe(
      'md598a0412b9c31436fc53776e863350083',
    );
  });
});
