/**
 * The network view through the whole stack: the overview finds the stack's own listening ports
 * (the runners' internal port held by the runners process, the API port held by workerd) from
 * this host's /proc, the sampler's history answers, a bad range is refused with a clear 400, and
 * the page shows it in a real browser with no serious axe violations.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NetworkHistory, NetworkOverview } from '@homelab/db/network';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import { openSignedIn } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: Awaited<ReturnType<typeof signedInAs>>;
let browser: Browser | undefined;

const commOf = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

beforeAll(async () => {
  stack = await startTestStack({ adminUrl: inject('e2eAdminUrl'), label: 'network' });
  api = await signedInAs(stack, 'member', 'network-member');
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('network view', () => {
  it("lists the stack's own listening ports with the process behind each", async () => {
    const res = await api.call('GET', '/api/network/overview');
    expect(res.status).toBe(200);
    const overview = res.json as NetworkOverview;
    const runnersPid = stack.processes.runners.pid!;
    const runners = overview.listening.find((l) => l.protocol === 'tcp' && l.port === stack.runnersPort);
    expect(runners?.process).toMatchObject({ pid: runnersPid, name: commOf(runnersPid) });
    expect(runners?.process?.command).toContain('runners/dist/main.js');

    const functionsPid = stack.processes.functions.pid!;
    const functionsPort = Number(new URL(stack.url).port);
    const functions = overview.listening.find((l) => l.protocol === 'tcp' && l.port === functionsPort);
    expect(functions?.process).toMatchObject({ pid: functionsPid, name: commOf(functionsPid) });

    expect(overview.interfaces.map((i) => i.name)).toContain('lo');
    expect(overview.connections.total).toBeGreaterThan(0);
  });

  it('answers the throughput history once the sampler has stored a sample', async () => {
    const history = await until(
      'a stored network sample',
      async () => (await api.call('GET', '/api/network/history?iface=lo&range=1h')).json as NetworkHistory,
      (h) => h.points.length > 0,
      45_000,
      1_000,
    );
    expect(history).toMatchObject({ iface: 'lo', range: '1h', bucketSeconds: 30 });
    expect(history.points[0]).toEqual({
      at: expect.any(String),
      rx: expect.any(Number),
      tx: expect.any(Number),
    });
  });

  it('refuses an unknown range and an odd interface name with a clear 400', async () => {
    const range = await api.call('GET', '/api/network/history?iface=lo&range=2d');
    expect(range.status).toBe(400);
    expect(range.json.error.message).toMatch(/range.*1h, 24h, 7d/);
    const iface = await api.call('GET', '/api/network/history?iface=../etc&range=1h');
    expect(iface.status).toBe(400);
    expect(iface.json.error.message).toContain('interface name');
  });

  it('shows the page with the listening ports and passes axe', async () => {
    const cookie = api.cookie!;
    const opened = await openSignedIn(stack.url, cookie);
    browser = opened.browser;
    const { page } = opened;
    await page.goto(`${stack.url}/network`);
    const ports = page.getByRole('region', { name: 'Listening ports' });
    await ports.waitFor({ timeout: 30_000 });
    await ports.getByText(`:${stack.runnersPort}`, { exact: false }).first().waitFor();
    await page.getByRole('region', { name: 'lo' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'network.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
  });
});
