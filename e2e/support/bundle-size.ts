/**
 * JavaScript the web app makes a browser download, gzipped, read from Vite's build manifest:
 * `entry` is the entry chunk with its static imports (what every page loads first); `app` adds
 * every lazily loaded route chunk, an upper bound on the first load of any page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

type ManifestChunk = { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };

export function webAppJs(webDist: string) {
  const manifest = JSON.parse(readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  if (entries.length === 0) throw new Error('the manifest has no entry chunk');

  const measure = (lazy: boolean) => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
      if (lazy) for (const next of manifest[key]?.dynamicImports ?? []) visit(next);
    };
    for (const key of entries) visit(key);
    const files = [...seen].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const bytes = readFileSync(path.join(webDist, file));
      raw += bytes.byteLength;
      gzip += gzipSync(bytes, { level: 9 }).byteLength;
    }
    return { files, raw, gzip };
  };
  return { entry: measure(false), app: measure(true) };
}
