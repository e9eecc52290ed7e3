/**
 * Test images, built here because there is no registry to pull from: a busybox image for
 * containers that just run, and a PostgreSQL image assembled from the host's own PostgreSQL that
 * behaves like the official image's entrypoint (POSTGRES_USER/PASSWORD/DB, PGDATA, runs as the
 * postgres user). The PostgreSQL image takes the official name only when that name is absent, so a
 * machine's real image is never replaced.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';

export const busyboxImage = 'localhost/homelab-test/busybox:latest';

async function hasImage(docker: Dockerode, reference: string) {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch {
    return false;
  }
}

async function importRootfs(docker: Dockerode, rootfs: string, reference: string, changes: string[]) {
  const tar = path.join(path.dirname(rootfs), 'rootfs.tar');
  execFileSync('tar', ['-C', rootfs, '--numeric-owner', '-cf', tar, '.']);
  const { createReadStream } = await import('node:fs');
  const stream = await docker.importImage(createReadStream(tar), { changes });
  const output = await new Promise<{ status?: string; id?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error, result) => (error ? reject(error) : resolve(result))),
  );
  const id = output.map((line) => line.id ?? line.status ?? '').find((value) => value.startsWith('sha256:'));
  if (!id)
    throw new Error(`importing ${reference} gave no image id: ${JSON.stringify(output).slice(0, 300)}`);
  const colon = reference.lastIndexOf(':');
  await docker.getImage(id).tag({ repo: reference.slice(0, colon), tag: reference.slice(colon + 1) });
}

function busyboxRootfs(dir: string) {
  const busybox = ['/usr/bin/busybox', '/bin/busybox'].find((file) => existsSync(file));
  if (!busybox) throw new Error('busybox is missing: install the busybox-static package (`.ci/run` does).');
  for (const sub of ['bin', 'etc', 'tmp', 'root', 'var/run'])
    mkdirSync(path.join(dir, sub), { recursive: true });
  cpSync(busybox, path.join(dir, 'bin/busybox'));
  const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const applet of applets) {
    if (applet === 'busybox') continue;
    execFileSync('ln', ['-sf', 'busybox', path.join(dir, 'bin', applet)]);
  }
  chmodSync(path.join(dir, 'tmp'), 0o1777);
  writeFileSync(
    path.join(dir, 'etc/passwd'),
    'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\n',
  );
  writeFileSync(path.join(dir, 'etc/group'), 'root:x:0:\npostgres:x:999:\n');
}

/** The newest PostgreSQL major installed from Debian's packages, if any. */
export function hostPostgresMajor(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const majors = readdirSync(base)
    .filter((name) => existsSync(path.join(base, name, 'bin/pg_dump')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ?? null;
}

const postgresEntrypoint = `#!/bin/sh
set -e
export PGDATA="\${PGDATA:-/var/lib/postgresql/data}"
if [ "$(id -u)" = "0" ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec su -s /bin/sh postgres -c "exec /usr/local/bin/docker-entrypoint.sh $*"
fi
user="\${POSTGRES_USER:-postgres}"
db="\${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s\\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
  initdb -D "$PGDATA" -U "$user" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  postgres -D "$PGDATA" -c listen_addresses='' &
  pid=$!
  until pg_isready -q -U "$user"; do sleep 0.2; done
  if [ "$db" != "postgres" ]; then psql -q -U "$user" -d postgres -c "CREATE DATABASE \\"$db\\""; fi
  kill -INT "$pid"; wait "$pid" || true
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
`;

function postgresRootfs(dir: string, major: string) {
  busyboxRootfs(dir);
  const bin = `/usr/lib/postgresql/${major}/bin`;
  const tools = ['postgres', 'initdb', 'pg_ctl', 'pg_dump', 'pg_dumpall', 'pg_restore', 'pg_isready', 'psql'];
  cpSync(`/usr/lib/postgresql/${major}/lib`, path.join(dir, `usr/lib/postgresql/${major}/lib`), {
    recursive: true,
  });
  cpSync(`/usr/share/postgresql/${major}`, path.join(dir, `usr/share/postgresql/${major}`), {
    recursive: true,
  });
  if (existsSync('/usr/share/zoneinfo'))
    cpSync('/usr/share/zoneinfo', path.join(dir, 'usr/share/zoneinfo'), {
      recursive: true,
      dereference: true,
    });
  mkdirSync(path.join(dir, `usr/lib/postgresql/${major}/bin`), { recursive: true });
  mkdirSync(path.join(dir, 'usr/local/bin'), { recursive: true });
  const libs = new Set<string>();
  for (const tool of tools) {
    cpSync(path.join(bin, tool), path.join(dir, `usr/lib/postgresql/${major}/bin`, tool));
    execFileSync('ln', [
      '-sf',
      `/usr/lib/postgresql/${major}/bin/${tool}`,
      path.join(dir, 'usr/local/bin', tool),
    ]);
    const ldd = execFileSync('ldd', [path.join(bin, tool)], { encoding: 'utf8' });
    for (const match of ldd.matchAll(/(\/\S+\.so[.\d]*)/g)) libs.add(match[1] as string);
  }
  for (const lib of libs) cpSync(lib, path.join(dir, lib), { dereference: true });
  for (const conf of ['/usr/lib/locale/C.utf8']) {
    if (existsSync(conf)) cpSync(conf, path.join(dir, conf), { recursive: true });
  }
  const entry = path.join(dir, 'usr/local/bin/docker-entrypoint.sh');
  writeFileSync(entry, postgresEntrypoint);
  chmodSync(entry, 0o755);
  mkdirSync(path.join(dir, 'var/lib/postgresql/data'), { recursive: true });
  mkdirSync(path.join(dir, 'var/run/postgresql'), { recursive: true });
}

export type TestImages = { busybox: string; postgres: { image: string; version: string } | null };

/** Builds whatever test images are missing; returns their references. */
export async function buildTestImages(docker: Dockerode): Promise<TestImages> {
  const work = mkdtempSync(path.join(tmpdir(), 'homelab-images-'));
  try {
    if (!(await hasImage(docker, busyboxImage))) {
      const rootfs = path.join(work, 'busybox');
      busyboxRootfs(rootfs);
      await importRootfs(docker, rootfs, busyboxImage, ['CMD ["/bin/sh"]']);
    }
    const major = hostPostgresMajor();
    let postgres: TestImages['postgres'] = null;
    if (major) {
      const image = `docker.io/library/postgres:${major}-alpine`;
      if (!(await hasImage(docker, image))) {
        const rootfs = path.join(work, 'postgres');
        postgresRootfs(rootfs, major);
        execFileSync('chown', [
          '-R',
          '999:999',
          path.join(rootfs, 'var/lib/postgresql'),
          path.join(rootfs, 'var/run/postgresql'),
        ]);
        await importRootfs(docker, rootfs, image, [
          `ENV PATH=/usr/local/bin:/usr/lib/postgresql/${major}/bin:/bin`,
          'ENV PGDATA=/var/lib/postgresql/data',
          'ENV LANG=C.UTF-8',
          'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]',
          'CMD ["postgres"]',
          'EXPOSE 5432',
          'STOPSIGNAL SIGINT',
        ]);
      }
      postgres = { image, version: major };
    }
    return { busybox: busyboxImage, postgres };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
