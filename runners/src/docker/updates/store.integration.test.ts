import { afterAll, describe, expect, it } from 'vitest';
import { testPool, uniqueName } from '../../testing/database';
import { failAbandonedUpdates, findUpdate, insertUpdate, lockNamespace } from './store';

describe('container update rows', () => {
  const pool = testPool();
  afterAll(() => pool.sql.end());

  it('marks an update left "updating" failed only once no runner holds its lock', async () => {
    const container = uniqueName('hlt-upd-store');
    const update = await insertUpdate(pool.sql, {
      container,
      image: 'app:1',
      fromImageId: 'sha256:a',
      startedBy: null,
    });
    const holder = await pool.sql.reserve();
    try {
      await holder`select pg_advisory_lock(${lockNamespace}, hashtext(${container}))`;
      await failAbandonedUpdates(pool.sql);
      expect((await findUpdate(pool.sql, update.id))?.status).toBe('updating');
      await holder`select pg_advisory_unlock(${lockNamespace}, hashtext(${container}))`;
    } finally {
      holder.release();
    }
    await failAbandonedUpdates(pool.sql);
    const after = await findUpdate(pool.sql, update.id);
    expect(after).toMatchObject({ status: 'failed', error: expect.stringMatching(/runner stopped/) });
    expect(after?.finishedAt).not.toBeNull();
  });
});
