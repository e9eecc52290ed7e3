/**
 * The client side of SCRAM-SHA-256 (RFC 5802, RFC 7677), as PostgreSQL runs it when pg_hba says
 * scram-sha-256, plus the older md5 answer. Only node:crypto; no channel binding (the pooler
 * talks to PostgreSQL without TLS).
 */
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
// "n,," : no channel binding, no authzid. Its base64 is the "c=biws" of the final message.
const gs2Header = 'n,,';

const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

// RFC 5802 §5.1: '=' and ',' in a name are written =3D and =2C. PostgreSQL ignores this name anyway
// (it uses the startup packet's user), so the pooler sends an empty one, as libpq does.
const saslName = (name: string) => name.replaceAll('=', '=3D').replaceAll(',', '=2C');

export const scramNonce = () => randomBytes(18).toString('base64');

export function scramClientFirst(nonce: string, username = '') {
  const bare = `n=${saslName(username)},r=${nonce}`;
  return { bare, message: `${gs2Header}${bare}` };
}

export class ScramError extends Error {
  override name = 'ScramError';
}

/**
 * Answers the server-first message: checks the server's nonce extends ours, derives the keys from
 * the password and returns the client-final message and the server signature to expect back.
 */
export async function scramClientFinal(options: {
  password: string;
  nonce: string;
  clientFirstBare: string;
  serverFirst: string;
}) {
  const attributes = parseAttributes(options.serverFirst);
  const serverNonce = attributes.r;
  const salt = attributes.s;
  const iterations = Number(attributes.i);
  if (!serverNonce?.startsWith(options.nonce) || serverNonce === options.nonce)
    throw new ScramError('SCRAM server nonce does not extend the client nonce');
  if (!salt || !Number.isInteger(iterations) || iterations < 1)
    throw new ScramError('SCRAM server-first message lacks a salt or an iteration count');

  const salted = await pbkdf2Async(options.password, Buffer.from(salt, 'base64'), iterations, 32, 'sha256');
  const clientKey = hmac(salted, 'Client Key');
  const withoutProof = `c=${Buffer.from(gs2Header).toString('base64')},r=${serverNonce}`;
  const authMessage = `${options.clientFirstBare},${options.serverFirst},${withoutProof}`;
  const clientSignature = hmac(sha256(clientKey), authMessage);
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ clientSignature[i]!));
  const serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
  return {
    message: `${withoutProof},p=${proof.toString('base64')}`,
    serverSignature: serverSignature.toString('base64'),
  };
}

/** Throws unless the server-final message carries the signature only a holder of the password can make. */
export function verifyScramServerFinal(serverFinal: string, expectedSignature: string) {
  const attributes = parseAttributes(serverFinal);
  if (attributes.e) throw new ScramError(`SCRAM authentication failed: ${attributes.e}`);
  const got = Buffer.from(attributes.v ?? '', 'base64');
  const expected = Buffer.from(expectedSignature, 'base64');
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    throw new ScramError('SCRAM server signature does not match: the server does not know the password');
}

/** PostgreSQL's md5 answer: "md5" + md5(md5(password + user) + salt), in hex. */
export function md5Password(user: string, password: string, salt: Buffer) {
  const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');
  return `md5${md5(Buffer.concat([Buffer.from(md5(password + user)), salt]))}`;
}

function parseAttributes(message: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out[part[0]!] = part.slice(2);
  }
  return out;
}
