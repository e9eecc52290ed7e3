/** Debian's Chromium driven by playwright-core (no browser download), with the flags this closed network needs. */
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

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

/** Signs the context in with a session cookie (`name=value`) taken from an API client. */
async function addSessionCookie(context: BrowserContext, baseUrl: string, cookie: string) {
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name: name!, value: value!, url: baseUrl }]);
}

/** A browser already signed in with a session cookie taken from an API client, on the app's start page. */
export async function openSignedIn(baseUrl: string, cookie: string) {
  const browser = await launchBrowser();
  const context = await browser.newContext();
  await addSessionCookie(context, baseUrl, cookie);
  const page = await context.newPage();
  await page.goto(baseUrl);
  return { browser, page };
}

/** A blank page of `browser`, signed in with a session cookie, at the size the screenshots are taken at. */
export async function signedInPage(browser: Browser, baseUrl: string, cookie: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await addSessionCookie(context, baseUrl, cookie);
  return context.newPage();
}
