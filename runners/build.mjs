/**
 * Bundles the runners into one file, dist/main.js, so production runs `node runners/dist/main.js`
 * with no TypeScript loader and no node_modules walk at start (less memory, faster boot).
 */
import { build } from 'esbuild';

const here = new URL('.', import.meta.url);

await build({
  entryPoints: [new URL('src/main.ts', here).pathname],
  outfile: new URL('dist/main.js', here).pathname,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'bundle',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'info',
  // Bundled CommonJS dependencies may still call require() for Node built-ins, which ESM lacks.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
