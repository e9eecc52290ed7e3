/**
 * Certificates for the TLS and HTTPS check tests, made with the openssl CLI in a temp dir: a local
 * CA and leaves it signed (valid for localhost, expired, expiring soon, for another host) plus a
 * self-signed one. None is trusted by Node, exactly like a home-made CA on a real server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeyPair = { key: string; cert: string };
export type TestCertificates = {
  ca: string;
  /** localhost and 127.0.0.1, 90 days. */
  valid: KeyPair;
  /** localhost, expired in 2020. */
  expired: KeyPair;
  /** localhost, 5 days left. */
  expiringSoon: KeyPair;
  /** other.example only. */
  wrongHost: KeyPair;
  /** localhost, signed by itself. */
  selfSigned: KeyPair;
  remove(): void;
};

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-certs-'));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '365',
    '-subj',
    '/CN=HomeLabHub Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );

  const request = (name: string, commonName: string, altNames: string) => {
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${commonName}`);
    writeFileSync(
      file(`${name}.ext`),
      `subjectAltName=${altNames}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
    );
  };
  const signed = (name: string, commonName: string, altNames: string, days: string): KeyPair => {
    request(name, commonName, altNames);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      days,
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
    return read(name);
  };
  const read = (name: string): KeyPair => ({
    key: readFileSync(file(`${name}.key`), 'utf8'),
    cert: readFileSync(file(`${name}.pem`), 'utf8'),
  });

  const valid = signed('valid', 'localhost', 'DNS:localhost,IP:127.0.0.1', '90');
  const expiringSoon = signed('soon', 'localhost', 'DNS:localhost,IP:127.0.0.1', '5');
  const wrongHost = signed('wrong', 'other.example', 'DNS:other.example', '90');

  // `openssl x509` cannot back-date a certificate; `openssl ca` can, given a minimal CA setup.
  request('expired', 'localhost', 'DNS:localhost,IP:127.0.0.1');
  writeFileSync(file('index.txt'), '');
  writeFileSync(
    file('ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'new_certs_dir = $dir',
      'rand_serial = yes',
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  openssl(
    'ca',
    '-batch',
    '-config',
    'ca.cnf',
    '-cert',
    'ca.pem',
    '-keyfile',
    'ca.key',
    '-in',
    'expired.csr',
    '-out',
    'expired.pem',
    '-startdate',
    '20200101000000Z',
    '-enddate',
    '20200201000000Z',
    '-extfile',
    'expired.ext',
    '-notext',
  );
  const expired = read('expired');

  openssl(
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
    '-days',
    '90',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
  );
  const selfSigned = read('self');

  return {
    ca: readFileSync(file('ca.pem'), 'utf8'),
    valid,
    expired,
    expiringSoon,
    wrongHost,
    selfSigned,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
