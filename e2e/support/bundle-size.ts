/**
 * JavaScript the web app makes a browser download, gzipped, read from Vite's build manifest:
 * `entry` is the entry chunk with its static imports (what every page loads first); `routes` is
 * the first load of each lazily loaded page (entry plus the page's own static imports); `all` adds
 * every chunk, including those a page loads only on demand (the console's terminal).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

type ManifestChunk = {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
};

export function webAppJs(webDist: string) {
  const manifest = JSON.parse(readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry);
  if (entries.length === 0) throw new Error('the manifest has no entry chunk');
  const gzipOf = new Map<string, number>();

  const measure = (starts: string[], lazy: boolean) => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
      if (lazy) for (const next of manifest[key]?.dynamicImports ?? []) visit(next);
    };
    for (const key of starts) visit(key);
    const files = [...seen].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const bytes = readFileSync(path.join(webDist, file));
      raw += bytes.byteLength;
      if (!gzipOf.has(file)) gzipOf.set(file, gzipSync(bytes, { level: 9 }).byteLength);
      gzip += gzipOf.get(file)!;
    }
    return { files, raw, gzip };
  };

  const pages = [...new Set(entries.flatMap((key) => manifest[key]?.dynamicImports ?? []))];
  const routes = pages
    .map((page) => ({ page: manifest[page]?.name ?? page, ...measure([...entries, page], false) }))
    .sort((a, b) => b.gzip - a.gzip);
  return {
    entry: measure(entries, false),
    routes,
    heaviestRoute: routes[0] ?? null,
    all: measure(entries, true),
  };
}
