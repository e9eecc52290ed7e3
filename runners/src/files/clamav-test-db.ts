/**
 * A ClamAV signature database built for the tests (the machine has none and no network): EICAR as an
 * MD5 signature and a custom body signature, and a clamd started on it with its own config.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { eicarBytes } from './fixtures';

export const customMarker = 'HOMELAB-CUSTOM-TEST-MARKER-7f3a';
export const customSignature = 'HomeLab.Test.CustomMarker';

export async function writeTestDatabase(dir: string) {
  await mkdir(dir, { recursive: true });
  const md5 = createHash('md5').update(eicarBytes).digest('hex');
  await writeFile(join(dir, 'test.hdb'), `${md5}:${eicarBytes.length}:Eicar-Test-Signature\n`);
  await writeFile(
    join(dir, 'test.ndb'),
    `${customSignature}:0:*:${Buffer.from(customMarker).toString('hex')}\n`,
  );
  return dir;
}

function ping(socketPath: string) {
  return new Promise<boolean>((resolve) => {
    const socket = connect(socketPath);
    let reply = '';
    socket.on('data', (d) => {
      reply += d.toString();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(reply.includes('PONG')));
    socket.on('connect', () => socket.end('zPING\0'));
  });
}

/** Starts clamd in the foreground on `databaseDir`, its socket and files in `workDir`. */
export async function startClamd(databaseDir: string, workDir: string, clamdPath = '/usr/sbin/clamd') {
  await mkdir(workDir, { recursive: true });
  const socketPath = join(workDir, 'clamd.sock');
  const configPath = join(workDir, 'clamd.conf');
  await writeFile(
    configPath,
    [
      'Foreground yes',
      `LocalSocket ${socketPath}`,
      `DatabaseDirectory ${databaseDir}`,
      `TemporaryDirectory ${workDir}`,
      `LogFile ${join(workDir, 'clamd.log')}`,
      `PidFile ${join(workDir, 'clamd.pid')}`,
      'StreamMaxLength 200M',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(clamdPath, [`--config-file=${configPath}`], { stdio: 'ignore' });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  for (let i = 0; i < 300 && !exited; i++) {
    if (await ping(socketPath)) {
      return {
        socketPath,
        stop: () =>
          new Promise<void>((resolve) => {
            if (exited) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('clamd did not start');
}
