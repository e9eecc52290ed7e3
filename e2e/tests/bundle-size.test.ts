import path from 'node:path';
import { root } from '@homelab/infra/test/admin';
import { describe, expect, it } from 'vitest';
import { firstLoadJs } from '../support/bundle-size';

describe('web app first load', () => {
  it('stays under 100 KB of gzipped JavaScript (the goal is 60 KB)', () => {
    const size = firstLoadJs(path.join(root, 'web', 'dist'));
    expect(size.files.length).toBeGreaterThan(0);
    expect(size.gzip).toBeLessThan(100 * 1024);
  });
});
