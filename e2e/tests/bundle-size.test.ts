import path from 'node:path';
import { root } from '@homelab/infra/test/admin';
import { describe, expect, it } from 'vitest';
import { webAppJs } from '../support/bundle-size';

describe('web app first load', () => {
  it('stays under 100 KB of gzipped JavaScript even counting every route (the goal is 60 KB)', () => {
    const size = webAppJs(path.join(root, 'web', 'dist'));
    expect(size.entry.files.length).toBeGreaterThan(0);
    // Routes are split out of the entry, so the first page does not pay for the others.
    expect(size.app.files.length).toBeGreaterThan(size.entry.files.length);
    expect(size.app.gzip).toBeLessThan(100 * 1024);
  });
});
