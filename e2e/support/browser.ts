/** Debian's Chromium driven by playwright-core (no browser download), with the flags this closed network needs. */
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A browser already signed in with a session cookie taken from an API client, on the app's start page. */
export async function openSignedIn(baseUrl: string, cookie: string) {
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: baseUrl }]);
  const page = await context.newPage();
  await page.goto(baseUrl);
  return { browser, page };
}
