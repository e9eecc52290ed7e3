import path from 'node:path';
import { root } from '@homelab/infra/test/admin';
import { describe, expect, it } from 'vitest';
import { webAppJs } from '../support/bundle-size';

describe('web app first load', () => {
  const size = webAppJs(path.join(root, 'web', 'dist'));

  it('splits every page out of the entry, which stays under 60 KB gzipped', () => {
    expect(size.entry.files.length).toBeGreaterThan(0);
    expect(size.routes.length).toBeGreaterThanOrEqual(8);
    expect(size.entry.gzip).toBeLessThan(60 * 1024);
  });

  it('loads any one page in under 100 KB of gzipped JavaScript', () => {
    expect(size.heaviestRoute!.gzip).toBeLessThan(100 * 1024);
  });

  it('keeps the terminal out of every first load: it comes only with the console', () => {
    const terminal = size.all.files.filter(
      (file) => !size.routes.some((route) => route.files.includes(file)),
    );
    expect(terminal.length).toBeGreaterThan(0);
    // Every page of mission control, the desk and the stream studio, loaded on demand: about
    // 5–10 KB a page, with the terminal the largest single part.
    expect(size.all.gzip).toBeLessThan(480 * 1024);
  });
});
