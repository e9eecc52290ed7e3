/**
 * A fake of n8n's Webhook node, written from n8n's documentation: a workflow's webhook listens at
 * `POST /webhook/<path>` while the workflow is active (answering `{"message":"Workflow was
 * started"}` when it responds "immediately"), and at `/webhook-test/<path>` only while the editor
 * listens for one test event; any other path is a 404 "not registered". It records every request
 * with its headers and raw body, and can be told to fail the next calls with a 500 (an error in
 * the workflow) or to hang (a workflow that never answers).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type N8nRequest = {
  method: string;
  /** 'production' for /webhook/, 'test' for /webhook-test/. */
  mode: 'production' | 'test';
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  status: number | null;
  at: number;
};

export type FakeN8n = {
  url: string;
  requests: N8nRequest[];
  /** The production URL of an active workflow's webhook at `path`. */
  activate(path: string): string;
  /** The test URL, accepting one call, as after "Listen for test event" in the editor. */
  listenForTest(path: string): string;
  /** The next `count` calls to registered webhooks answer 500, as when the workflow errors. */
  failNext(count: number): void;
  /** The next `count` calls to registered webhooks get no answer until the server closes. */
  hangNext(count: number): void;
  close(): Promise<void>;
};

export async function startFakeN8n(): Promise<FakeN8n> {
  const active = new Set<string>();
  const listening = new Set<string>();
  const requests: N8nRequest[] = [];
  const hanging: ServerResponse[] = [];
  let failures = 0;
  let hangs = 0;

  const send = (res: ServerResponse, record: N8nRequest, status: number, body: unknown) => {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://n8n.invalid');
      const match = /^\/(webhook|webhook-test)\/(.+)$/.exec(url.pathname);
      const record: N8nRequest = {
        method: req.method ?? '',
        mode: match?.[1] === 'webhook-test' ? 'test' : 'production',
        path: match?.[2] ?? url.pathname,
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        status: null,
        at: Date.now(),
      };
      requests.push(record);
      const registered =
        match && (record.mode === 'production' ? active.has(record.path) : listening.has(record.path));
      if (!registered) {
        send(res, record, 404, {
          code: 404,
          message: `The requested webhook "${req.method} ${record.path}" is not registered.`,
          hint:
            record.mode === 'test'
              ? "Click the 'Execute workflow' button on the canvas, then try again. (In test mode, the webhook only works for one call after you click this button)"
              : 'The workflow must be active for a production URL to run successfully. You can activate the workflow using the toggle in the top-right of the editor.',
        });
        return;
      }
      if (record.mode === 'test') listening.delete(record.path);
      if (hangs > 0) {
        hangs -= 1;
        hanging.push(res);
        return;
      }
      if (failures > 0) {
        failures -= 1;
        send(res, record, 500, { message: 'Error in workflow' });
        return;
      }
      send(res, record, 200, { message: 'Workflow was started' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    activate(path) {
      active.add(path);
      return `${url}/webhook/${path}`;
    },
    listenForTest(path) {
      listening.add(path);
      return `${url}/webhook-test/${path}`;
    },
    failNext(count) {
      failures = count;
    },
    hangNext(count) {
      hangs = count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
