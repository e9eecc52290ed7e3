/**
 * Vite build of the mission-control single-page app; the same file configures its component
 * tests (the root vitest config points its `web` project here).
 */
/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import UnoCSS from 'unocss/vite';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  // The config path is explicit because the root vitest run starts from the repository root.
  plugins: [UnoCSS({ configFile: fileURLToPath(new URL('./uno.config.ts', import.meta.url)) }), solid()],
  server: {
    // The functions dev server (wrangler dev) listens here; same-origin in the browser keeps the
    // session cookie and the Origin check happy without CORS.
    proxy: { '/api': { target: 'http://127.0.0.1:8787' } },
  },
  build: {
    target: 'es2022',
    // The manifest lets the bundle-size test add up exactly what the first page load fetches.
    manifest: true,
    // Route chunks come from `lazy(() => import(...))` in src/App.tsx; no manual chunking,
    // so the entry carries only the router, the session guard and the shell's primitives.
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    // Run the router and the testing library through Vite like our own code: otherwise Node loads a
    // second copy of @solidjs/router and `render(…, { location })` wraps pages in the wrong router.
    server: { deps: { inline: [/@solidjs\/router/, /@solidjs\/testing-library/] } },
  },
});
