/**
 * The Google and Files pages in a real browser, signed in as the owner: Google linked by clicking
 * "Connect Google" through the fake Google's consent page, its events and mail on the page; a PNG
 * uploaded through the page's file picker, scanned by Debian's clamscan on a signature database
 * made here, and listed as clean. Both pages pass axe and are photographed into e2e/artifacts.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeGoogleWorkspace, startFakeGoogleWorkspace } from '../fakes/google-workspace/server';
import { seriousViolations } from '../support/axe';
import { launchBrowser, signedInPage } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { fakeGoogleEnv } from '../support/studio';
import { signedInAs } from '../support/users';

/** A 1×1 PNG: real magic bytes and chunks, so the type check sees an image. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const eicar = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

describe('integrations in the browser', () => {
  let google: FakeGoogleWorkspace;
  let stack: Awaited<ReturnType<typeof startTestStack>>;
  let browser: Browser;
  let page: Page;
  let work: string;
  let ada: ReturnType<FakeGoogleWorkspace['addAccount']>;

  const shot = (file: string) =>
    page.screenshot({ path: path.join(artifacts, `${file}.png`), fullPage: true });

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'hl-integrations-'));
    // The machine has no ClamAV database and no network: one EICAR signature is enough to scan with.
    const databaseDir = path.join(work, 'clamav');
    await mkdir(databaseDir);
    const md5 = createHash('md5').update(eicar).digest('hex');
    await writeFile(path.join(databaseDir, 'test.hdb'), `${md5}:${eicar.length}:Eicar-Test-Signature\n`);

    google = await startFakeGoogleWorkspace();
    stack = await startTestStack({
      adminUrl: inject('e2eAdminUrl'),
      label: 'integrations-browser',
      env: {
        ...fakeGoogleEnv(google),
        UPLOAD_DIR: path.join(work, 'uploads'),
        CLAMAV_DATABASE_DIR: databaseDir,
      },
    });
    const owner = await signedInAs(stack, 'owner', 'integrations-owner');
    ada = google.addAccount({ name: 'Ada', email: 'ada@gmail.test' });
    google.oauth.approveAs(ada.sub);
    google.addEvent(ada.sub, { summary: 'Replace UPS battery', start: new Date(Date.now() + 2 * 3_600_000) });
    google.addEvent(ada.sub, { summary: 'Family dinner', start: new Date(Date.now() + 2 * 86_400_000) });
    google.addMessage(ada.sub, { from: 'Bob <bob@example.com>', subject: 'Lunch?', snippet: 'Are you free' });
    google.addFolder(ada.sub, 'Backups');

    browser = await launchBrowser();
    page = await signedInPage(browser, stack.url, owner.cookie!);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await google?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('connects Google through its consent page and shows the calendar and the inbox', async () => {
    await page.goto(`${stack.url}/google`);
    await page.getByText('No Google account connected').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Connect Google' }).click();

    await page.waitForURL(`${stack.url}/google`, { timeout: 30_000 });
    await page.getByText('Google connected').waitFor({ timeout: 20_000 });
    await page.getByText('ada@gmail.test').first().waitFor();
    await page.getByText('Replace UPS battery').waitFor({ timeout: 20_000 });
    await page.getByText('Family dinner').waitFor();
    await page.getByText('Lunch?').waitFor();
    await page.getByRole('button', { name: 'Open folder Backups' }).waitFor();
    expect(await page.getByText('1 unread').count()).toBe(1);

    await shot('google');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('sends a notification email from the page through Gmail', async () => {
    await page.getByRole('button', { name: 'Send notification email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send notification email' });
    expect(await dialog.getByLabel('To').inputValue()).toBe('ada@gmail.test');
    await dialog.getByLabel('Subject').fill('Backup finished');
    await dialog.getByLabel('Message').fill('All databases were backed up.');
    await dialog.getByRole('button', { name: 'Send email' }).click();
    await page.getByText('Email sent to ada@gmail.test').waitFor({ timeout: 20_000 });
    expect(google.sent(ada.sub).map((m) => m.headers.subject)).toEqual(['Backup finished']);
  });

  it('uploads a PNG through the page and lists it as clean', async () => {
    await page.goto(`${stack.url}/files`);
    await page.getByText('ClamAV command line (clamscan)').waitFor({ timeout: 30_000 });
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: png });

    const finished = page.getByRole('list', { name: 'Uploads in progress and finished' });
    await finished.getByText('Clean, stored').waitFor({ timeout: 60_000 });
    const row = page.getByRole('row').filter({ hasText: 'pixel.png' });
    await row.getByText('Clean', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await row.getByText('PNG image').count()).toBe(1);

    await shot('files');
    expect(await seriousViolations(page)).toEqual([]);

    // Shared through a signed link that works without the session.
    await row.getByRole('button', { name: 'Copy a download link for pixel.png' }).click();
    const dialog = page.getByRole('dialog', { name: 'Download link for pixel.png' });
    await dialog.getByLabel('1 hour').check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = await dialog.getByRole('textbox', { name: 'Link', exact: true }).inputValue();
    expect(link).toContain(`${stack.url}/api/files/download/`);
    await shot('files-link');
    const download = await fetch(link);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('quarantines an infected upload and names the signature', async () => {
    await page.locator('input[type=file]').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(eicar),
    });
    const finished = page.getByRole('list', { name: 'Uploads in progress and finished' });
    await finished.getByText('Infected — quarantined').waitFor({ timeout: 60_000 });
    await finished.getByText('Signature: Eicar-Test-Signature').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'notes.txt' });
    await row.getByText('Infected', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await row.getByRole('button', { name: /download link/ }).count()).toBe(0);
    await shot('files-quarantined');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
