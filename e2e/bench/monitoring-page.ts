/**
 * How long the health overview takes in Chromium with 1,000 monitors: from navigation until the
 * last monitor's row is on the page (best and median of five loads, browser warm).
 */
import postgres from 'postgres';
import { launchBrowser, signedInPage } from '../support/browser';

export async function benchMonitoringPage(options: { url: string; ownerUrl: string; cookie: string }) {
  const sql = postgres(options.ownerUrl, { max: 1, onnotice: () => {} });
  const count = 1_000;
  try {
    // Paused, so the stack's monitors runner shows them without checking them.
    await sql`
      insert into monitors (name, type, config, interval_seconds, domain, paused, state, tags)
      select 'page-bench-' || lpad(i::text, 4, '0'), 'http',
        jsonb_build_object('type', 'http', 'url', 'http://127.0.0.1:9/' || i, 'method', 'GET'),
        60, (array['rig-city.com', 'evindrake.net', 'scarletredjoker.com'])[1 + i % 3], true, 'paused',
        array['bench']
      from generate_series(1, ${count}) as i`;
    const browser = await launchBrowser();
    try {
      const page = await signedInPage(browser, options.url, options.cookie);
      const last = page.getByRole('link', {
        name: `page-bench-${String(count).padStart(4, '0')}`,
        exact: true,
      });
      const times: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const started = performance.now();
        await page.goto(`${options.url}/monitoring`);
        await last.waitFor({ state: 'attached', timeout: 30_000 });
        // The first load fills the browser's cache; it is not counted.
        if (i > 0) times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      return {
        monitors: count,
        loads: times.length,
        bestMs: Math.round(times[0]!),
        medianMs: Math.round(times[Math.floor(times.length / 2)]!),
        worstMs: Math.round(times.at(-1)!),
      };
    } finally {
      await browser.close();
    }
  } finally {
    await sql`delete from monitors where name like 'page-bench-%'`;
    await sql.end();
  }
}
