import { type LogLine, logLineSchema } from '@homelab/db/docker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log';
import { caller } from '../testing/docker-routes';
import { removeTestContainers, runTestContainer, testEngine, testName } from '../testing/engine';
import { waitFor } from '../testing/helpers';
import { sseReader } from '../testing/sse';
import type { Engine } from './engine';
import { openDocker } from './service';

// One line on stdout every 200 ms, and every other one also on stderr.
const ticker = [
  'sh',
  '-c',
  'trap "exit 0" TERM; i=0; while true; do echo "tick $i"; if [ $((i % 2)) -eq 0 ]; then echo "ERR $i" >&2; fi; i=$((i+1)); sleep 0.2; done',
];

describe('container logs on the real engine', () => {
  let engine: Engine;
  let docker: ReturnType<typeof openDocker>;
  let id: string;
  const names: string[] = [];

  beforeAll(async () => {
    engine = await testEngine();
    docker = openDocker(engine, createLogger({ level: 'error' }));
    await docker.deps.inventory.ready();
    const started = await runTestContainer(engine.docker, { name: testName(), cmd: ticker });
    names.push(started.name);
    id = started.id;
  });

  afterAll(async () => {
    await removeTestContainers(engine.docker, names);
    docker.handle.stop();
    engine.close();
  });

  it('follows lines in order, telling stdout from stderr', async () => {
    const res = await docker.handle.routes.request(`/containers/${id}/logs?tail=0&follow=true`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = sseReader(res);
    const lines: LogLine[] = [];
    while (lines.filter((l) => l.stream === 'stdout').length < 4)
      lines.push(logLineSchema.parse(await events.json('line')));
    await events.close();

    const ticks = lines.filter((l) => l.stream === 'stdout').map((l) => Number(l.text.split(' ')[1]));
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBe((ticks[i - 1] ?? 0) + 1);
    const errors = lines.filter((l) => l.stream === 'stderr');
    expect(errors.length).toBeGreaterThan(0);
    for (const line of errors) expect(line.text).toMatch(/^ERR \d+$/);
    for (const line of lines) expect(Date.parse(line.at ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads the tail, filtered case-insensitively, then ends', async () => {
    const res = await docker.handle.routes.request(
      `/containers/${id}/logs?tail=6&follow=false&search=err&timestamps=false`,
    );
    const events = sseReader(res);
    const lines: LogLine[] = [];
    for (;;) {
      const event = await events.next();
      if (!event || event.event === 'end') break;
      if (event.event === 'line') lines.push(logLineSchema.parse(JSON.parse(event.data)));
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(6);
    for (const line of lines)
      expect(line).toMatchObject({ stream: 'stderr', at: null, text: expect.stringMatching(/^ERR/) });
  });

  it('offers a plain-text download', async () => {
    const res = await docker.handle.routes.request(`/containers/${id}/logs/download?tail=3&follow=true`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="hlt-[0-9a-f]+-.*\.log"$/);
    const text = await res.text();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+ (tick|ERR) \d+$/);
  });

  it('ends a follow when the container stops, and refuses bad queries', async () => {
    const short = await runTestContainer(engine.docker, {
      name: testName(),
      cmd: ['sh', '-c', 'echo one; sleep 1; echo two'],
    });
    names.push(short.name);
    const events = sseReader(await docker.handle.routes.request(`/containers/${short.id}/logs?follow=true`));
    expect((await events.json<LogLine>('line')).text).toBe('one');
    expect((await events.json<LogLine>('line', 5_000)).text).toBe('two');
    expect(await events.next('end', 5_000)).toMatchObject({ event: 'end' });

    const caught = caller(docker.handle.routes);
    const bad = await caught(`/containers/${id}/logs?tail=-1`);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
    expect(bad.body.error.message).toMatch(/tail/);
    expect((await caught(`/containers/${id}/logs?since=yesterday`)).status).toBe(400);
    expect((await caught('/containers/hlt-nope-nope/logs')).status).toBe(404);
  });

  it('reads a TTY container raw, all on stdout', async () => {
    const tty = await runTestContainer(engine.docker, {
      name: testName(),
      tty: true,
      cmd: ['sh', '-c', 'echo to-out; echo to-err >&2; sleep 30'],
    });
    names.push(tty.name);
    // Podman's follow can drop a TTY container's first bytes while its log file is still being
    // created, so the stream opens once both lines are on disk.
    await waitFor(
      async () =>
        String(await tty.container.logs({ stdout: true, stderr: true, follow: false })).includes('to-err'),
      10_000,
      100,
    );
    const events = sseReader(await docker.handle.routes.request(`/containers/${tty.id}/logs?follow=true`));
    const lines = [await events.json<LogLine>('line'), await events.json<LogLine>('line')];
    await events.close();
    expect(lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'to-out'],
      ['stdout', 'to-err'],
    ]);
  });
});
