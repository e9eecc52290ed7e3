/**
 * Bundles the runners into one file, dist/main.js, so production runs `node runners/dist/main.js`
 * with no TypeScript loader and no node_modules walk at start (less memory, faster boot). The
 * PostgreSQL session pooler, a process of its own, gets its own bundle, dist/dbpool.js.
 */
import { build } from 'esbuild';

const here = new URL('.', import.meta.url);

const bundles = [
  { entry: 'src/main.ts', outfile: 'dist/main.js' },
  { entry: 'src/dbpool/main.ts', outfile: 'dist/dbpool.js' },
];

await Promise.all(
  bundles.map(({ entry, outfile }) =>
    build({
      entryPoints: [new URL(entry, here).pathname],
      outfile: new URL(outfile, here).pathname,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      packages: 'bundle',
      sourcemap: 'linked',
      legalComments: 'none',
      // Less source held in memory; names are kept so stack traces in the logs stay readable.
      minifyWhitespace: true,
      minifySyntax: true,
      // The engine is reached over a socket, never SSH or BuildKit gRPC: those libraries stay out.
      alias: Object.fromEntries(
        ['ssh2', '@grpc/grpc-js', '@grpc/proto-loader', 'protobufjs'].map((name) => [
          name,
          new URL('src/docker/unused-transport.cjs', here).pathname,
        ]),
      ),
      logLevel: 'info',
      // Bundled CommonJS dependencies may still call require() for Node built-ins, which ESM lacks.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    }),
  ),
);
