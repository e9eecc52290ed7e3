#!/usr/bin/env node
// The `homelab` bin: the bundled CLI after `npm run build` (plain node), otherwise the TypeScript
// source through tsx, so a fresh checkout can run `npx homelab doctor` before building anything.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../../../dist/homelab.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./bin.ts');
}
