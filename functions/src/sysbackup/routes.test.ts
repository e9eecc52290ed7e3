/**
 * /api/sysbackup relays to the runner with members reading and owners acting, audits every action,
 * checks a restore's confirmation and new database name before the runner sees it, and appears
 * in the OpenAPI document.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';
import { memberCookie, recordingRunner } from '../monitors/testing';

const id = '7b0c9a52-3c1e-4f0e-9d5e-2f6a1c3b4d5e';

describe('sysbackup', () => {
  const runner = recordingRunner();
  let h: Awaited<ReturnType<typeof createHarness>>;
  let sql: postgres.Sql;

  beforeAll(async () => {
    h = await createHarness({ RUNNERS_URL: await runner.listen() });
    expect((await h.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
    sql = postgres(h.ownerUrl, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end();
    await runner.close();
  });

  it('lets members read backups and drills, and only owners and admins start them', async () => {
    runner.reply({ status: 200, body: { backups: [] } });
    const member = await memberCookie(h);
    const list = await h.call('GET', '/api/sysbackup/backups?limit=5', { cookie: member });
    expect(list.status).toBe(200);
    expect(runner.seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/sysbackup/backups?limit=5',
      signed: true,
    });
    expect((await h.call('POST', '/api/sysbackup/backups', { cookie: member })).status).toBe(403);
    expect((await h.call('POST', '/api/sysbackup/drills', { cookie: member })).status).toBe(403);
  });

  it('starts a backup and a drill for the owner, audited', async () => {
    runner.reply({ status: 202, body: { backups: [] } });
    expect((await h.call('POST', '/api/sysbackup/backups')).status).toBe(202);
    expect(runner.seen.at(-1)).toMatchObject({ method: 'POST', url: '/sysbackup/backups' });
    runner.reply({
      status: 409,
      body: { error: { code: 'drill_not_possible', message: 'not possible: needs an owner URL' } },
    });
    const drill = await h.call('POST', '/api/sysbackup/drills');
    expect(drill.status).toBe(409);
    expect(drill.json.error.message).toBe('not possible: needs an owner URL');
    const rows = await sql<{ action: string }[]>`
      select action from audit_log where action like 'sysbackup.%' order by id`;
    expect(rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['sysbackup.backup', 'sysbackup.drill']),
    );
  });

  it('checks a restore before the runner sees it: a new database name and a confirmation', async () => {
    const before = runner.seen.length;
    const noConfirm = await h.call('POST', `/api/sysbackup/backups/${id}/restore`, {
      body: { database: 'copy' },
    });
    expect(noConfirm.status).toBe(400);
    const badName = await h.call('POST', `/api/sysbackup/backups/${id}/restore`, {
      body: { confirm: id, database: 'Robert"; drop database homelab; --' },
    });
    expect(badName.status).toBe(400);
    expect(runner.seen.length).toBe(before);

    runner.reply({ status: 201, body: { database: 'homelab_copy', tables: 40, rows: 1200 } });
    const done = await h.call('POST', `/api/sysbackup/backups/${id}/restore`, {
      body: { confirm: id, database: 'homelab_copy' },
    });
    expect(done.status).toBe(201);
    expect(runner.seen.at(-1)).toMatchObject({ method: 'POST', url: `/sysbackup/backups/${id}/restore` });
    expect(JSON.parse(runner.seen.at(-1)?.body ?? '{}')).toEqual({ confirm: id, database: 'homelab_copy' });
    const [audit] = await sql<{ target: string; detail: Record<string, unknown> }[]>`
      select target, detail from audit_log where action = 'sysbackup.restore' order by id desc limit 1`;
    expect(audit).toMatchObject({ target: id, detail: { database: 'homelab_copy' } });
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = await h.call('GET', '/api/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/sysbackup/backups',
        '/api/sysbackup/drills',
        '/api/sysbackup/settings',
        '/api/sysbackup/backups/{id}/restore',
      ]),
    );
  });
});
