/**
 * Docker management through the whole stack (browser-facing API in workerd → signed call → docker
 * runner → Podman's Docker API): listing, actions and their refusals, logs, live events, the exec
 * console over a WebSocket, and the audit trail.
 */
import path from 'node:path';
import type Dockerode from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { seriousViolations } from '../support/axe';
import { launchBrowser, signedInPage } from '../support/browser';
import { chattyContainer, collectEvents, engine, removeTestContainers } from '../support/docker';
import { artifacts, startTestStack } from '../support/stack';
import { signedInAs } from '../support/users';

type Api = Awaited<ReturnType<typeof signedInAs>>;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let baseUrl: string;

beforeAll(async () => {
  // A stack of its own: these tests make users and containers the other files should not see.
  stack = await startTestStack({ adminUrl: inject('e2eAdminUrl'), label: 'docker' });
  baseUrl = stack.url;
});
afterAll(async () => {
  await removeTestContainers(engine());
  await stack?.stop();
});

describe('docker through the stack', () => {
  let docker: Dockerode;
  let admin: Api;
  let chatty: { id: string; name: string };

  beforeAll(async () => {
    docker = engine();
    admin = await signedInAs(stack, 'admin', 'docker-admin');
    chatty = await chattyContainer(docker);
  });
  const stream = (path: string) => fetch(`${baseUrl}${path}`, { headers: { cookie: admin.cookie! } });

  it('is for owners and admins only', async () => {
    const member = await signedInAs(stack, 'member', 'docker-member');
    const res = await member.call('GET', '/api/docker/containers');
    expect(res.status).toBe(403);
    expect(res.json.error.message).toMatch(/owner or admin/);
  });

  it('lists containers with their state, image and compose labels', async () => {
    let listed: { name: string; state: string; image: string; project: string | null } | undefined;
    for (let i = 0; i < 40 && !listed; i += 1) {
      const res = await admin.call('GET', '/api/docker/containers');
      expect(res.status).toBe(200);
      expect(res.json.engine.status).toBe('connected');
      listed = res.json.containers.find((c: { name: string }) => c.name === chatty.name);
      if (!listed) await new Promise((r) => setTimeout(r, 250));
    }
    expect(listed).toMatchObject({ state: 'running', project: null });
    expect(listed?.image).toContain('busybox');
  });

  it('stops and starts a container, and refuses an action its state does not allow', async () => {
    const stopped = await admin.call('POST', `/api/docker/containers/${chatty.name}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.json.container.state).toBe('exited');
    expect((await docker.getContainer(chatty.id).inspect()).State.Running).toBe(false);

    const again = await admin.call('POST', `/api/docker/containers/${chatty.name}/stop`);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('wrong_state');

    const started = await admin.call('POST', `/api/docker/containers/${chatty.name}/start`);
    expect(started.status).toBe(200);
    expect(started.json.container.state).toBe('running');
  });

  it('answers 404 for an unknown container and 400 for a name with shell metacharacters', async () => {
    const missing = await admin.call('POST', '/api/docker/containers/no-such-container-here/start');
    expect(missing.status).toBe(404);
    const evil = await admin.call('POST', `/api/docker/containers/${chatty.name}/rename`, {
      name: 'x; rm -rf / #',
    });
    expect(evil.status).toBe(400);
    expect(evil.json.error.fields.name[0]).toMatch(/letters, digits/);
    expect((await docker.getContainer(chatty.id).inspect()).Name).toBe(`/${chatty.name}`);
    const action = await admin.call('POST', `/api/docker/containers/${chatty.name}/explode`);
    expect(action.status).toBe(400);
  });

  it('follows logs with stdout and stderr told apart', async () => {
    const res = await stream(`/api/docker/containers/${chatty.name}/logs?tail=0&follow=true`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await collectEvents(res, (e) => e.filter((x) => x.event === 'line').length >= 6);
    const lines = events.filter((e) => e.event === 'line').map((e) => JSON.parse(e.data));
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.some((l) => l.stream === 'stderr' && /^warn \d+$/.test(l.text))).toBe(true);
    expect(lines.some((l) => l.stream === 'stdout' && /^tick \d+$/.test(l.text))).toBe(true);
    const numbers = lines.map((l) => Number(l.text.split(' ')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  });

  it('pushes a container change to subscribers as it happens', async () => {
    const res = await stream('/api/docker/events');
    expect(res.status).toBe(200);
    const pausing = (async () => {
      await new Promise((r) => setTimeout(r, 500));
      return admin.call('POST', `/api/docker/containers/${chatty.name}/pause`);
    })();
    const events = await collectEvents(res, (e) =>
      e.some((x) => {
        if (x.event !== 'event') return false;
        const data = JSON.parse(x.data);
        return data.container?.name === chatty.name && data.container.state === 'paused';
      }),
    );
    expect((await pausing).status).toBe(200);
    expect(events.some((x) => JSON.parse(x.data).container?.state === 'paused')).toBe(true);
    expect((await admin.call('POST', `/api/docker/containers/${chatty.name}/unpause`)).status).toBe(200);
  });

  it('runs commands in an interactive console over a WebSocket', async () => {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/docker/containers/${chatty.name}/exec?cols=100&rows=30`;
    const socket = new WebSocket(url, { headers: { cookie: admin.cookie!, origin: baseUrl } });
    let output = '';
    const exit = new Promise<{ code: number }>((resolve, reject) => {
      socket.on('message', (data, isBinary) => {
        if (isBinary) output += data.toString();
        else {
          const message = JSON.parse(data.toString());
          if (message.type === 'exit') resolve(message);
        }
      });
      socket.on('error', reject);
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ type: 'resize', cols: 120, rows: 40 }));
    socket.send(JSON.stringify({ type: 'input', data: 'echo "answer-$((6*7))"\n' }));
    for (let i = 0; i < 50 && !output.includes('answer-42'); i += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain('answer-42');
    socket.send(JSON.stringify({ type: 'input', data: 'exit 3\n' }));
    expect((await exit).code).toBe(3);
  });

  it('refuses a console opened from another site', async () => {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/docker/containers/${chatty.name}/exec`;
    const socket = new WebSocket(url, { headers: { cookie: admin.cookie!, origin: 'https://evil.example' } });
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('removes a container only with confirmation, and audits every action', async () => {
    const unconfirmed = await admin.call('DELETE', `/api/docker/containers/${chatty.name}`, { force: true });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.json.error.fields.confirm).toBeDefined();
    const removed = await admin.call('DELETE', `/api/docker/containers/${chatty.name}`, {
      confirm: true,
      force: true,
    });
    expect(removed.status).toBe(204);
    expect((await admin.call('GET', `/api/docker/containers/${chatty.name}`)).status).toBe(404);

    const audit = await admin.call('GET', '/api/audit?limit=50');
    const actions = audit.json.entries.map(
      (e: { action: string; target: string | null }) => `${e.action} ${e.target}`,
    );
    for (const action of ['stop', 'start', 'pause', 'remove', 'exec']) {
      expect(actions).toContain(`docker.container.${action} ${chatty.name}`);
    }
  });
});

describe('docker in the browser', () => {
  let docker: Dockerode;
  let browser: Browser;
  let page: Page;
  let web: { id: string; name: string };
  const shot = (name: string) =>
    page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    docker = engine();
    const admin = await signedInAs(stack, 'admin', 'docker-browser');
    web = await chattyContainer(docker);
    browser = await launchBrowser();
    page = await signedInPage(browser, baseUrl, admin.cookie!);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const row = () =>
    page.getByRole('row').filter({ has: page.getByRole('link', { name: web.name, exact: true }) });

  it('stops and starts a container from the list and sees its state change live', async () => {
    await page.goto(`${baseUrl}/docker`);
    await expect.poll(() => row().getByText('Running').count(), { timeout: 20_000 }).toBe(1);
    await shot('docker-containers');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('checkbox', { name: `Select ${web.name}` }).check();
    await page.getByRole('button', { name: /^Stop \(1\)/ }).click();
    await expect.poll(() => row().getByText('Exited').count(), { timeout: 30_000 }).toBe(1);
    expect((await docker.getContainer(web.id).inspect()).State.Running).toBe(false);

    await page.getByRole('checkbox', { name: `Select ${web.name}` }).check();
    await page.getByRole('button', { name: /^Start \(1\)/ }).click();
    await expect.poll(() => row().getByText('Running').count(), { timeout: 30_000 }).toBe(1);
    expect((await docker.getContainer(web.id).inspect()).State.Running).toBe(true);
  });

  it('follows the container’s logs as they are written', async () => {
    await page.goto(`${baseUrl}/docker/containers/${web.name}?tab=logs`);
    const logs = page.getByLabel(`Logs of ${web.name}`);
    await expect.poll(() => logs.getByText(/tick \d+/).count(), { timeout: 20_000 }).toBeGreaterThan(2);
    const before = await logs.getByText(/tick \d+/).count();
    await expect.poll(() => logs.getByText(/tick \d+/).count(), { timeout: 10_000 }).toBeGreaterThan(before);
    await shot('docker-logs');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('runs a command in the container’s console', async () => {
    await page.goto(`${baseUrl}/docker/containers/${web.name}?tab=console`);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('button', { name: 'Disconnect' }).waitFor({ timeout: 20_000 });
    const terminal = page.getByLabel(`Console of ${web.name}`);
    await terminal.click();
    await page.keyboard.type('echo "browser-$((40+2))"\n');
    await expect.poll(() => terminal.textContent(), { timeout: 15_000 }).toContain('browser-42');
    await shot('docker-console');
    await page.keyboard.type('exit 0\n');
    // The status line says it, and the page announces it to screen readers as well.
    await expect
      .poll(() => page.getByText(/exited with code 0/).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
  });

  it('shows the database catalogue', async () => {
    await page.goto(`${baseUrl}/databases`);
    await page.getByRole('heading', { name: 'PostgreSQL' }).first().waitFor({ timeout: 20_000 });
    await shot('databases');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
