import { describe, expect, it } from 'vitest';
import { applyProgress, emptyPull, overallProgress } from './pull';

describe('pull progress', () => {
  it('keeps one bar per layer and the last layer-less line as the status', () => {
    let state = applyProgress(emptyPull, {
      id: '1.27',
      status: 'Pulling from library/nginx',
      current: null,
      total: null,
    });
    expect(state.message).toBe('1.27: Pulling from library/nginx');
    state = applyProgress(state, { id: 'a1b2c3d4e5f6', status: 'Downloading', current: 10, total: 100 });
    state = applyProgress(state, { id: 'bbbbbbbbbbbb', status: 'Downloading', current: 50, total: 300 });
    state = applyProgress(state, { id: 'a1b2c3d4e5f6', status: 'Downloading', current: 60, total: 100 });
    expect(state.layers.map((l) => [l.id, l.current])).toEqual([
      ['a1b2c3d4e5f6', 60],
      ['bbbbbbbbbbbb', 50],
    ]);
    expect(overallProgress(state)).toEqual({ current: 110, total: 400 });

    state = applyProgress(state, { id: 'a1b2c3d4e5f6', status: 'Pull complete', current: null, total: null });
    expect(state.layers[0]).toMatchObject({ done: true, current: 100, total: 100 });
    state = applyProgress(state, { id: null, status: 'Digest: sha256:abc', current: null, total: null });
    expect(state.message).toBe('Digest: sha256:abc');
  });

  it('has no overall figure until a layer reports its size', () => {
    const state = applyProgress(emptyPull, {
      id: 'cccccccccccc',
      status: 'Already exists',
      current: null,
      total: null,
    });
    expect(state.layers[0]?.done).toBe(true);
    expect(overallProgress(state)).toBeNull();
  });
});
