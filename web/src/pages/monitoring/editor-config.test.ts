import { describe, expect, it } from 'vitest';
import { monitor } from '../../test/monitoring-fixtures';
import {
  buildMonitorInput,
  type EditorState,
  editorStateOf,
  emptyEditorState,
  foldFieldErrors,
  messageFor,
} from './editor-config';

const form = (overrides: Partial<EditorState>): EditorState => ({
  ...emptyEditorState(overrides.type ?? 'http'),
  name: 'check',
  ...overrides,
});

describe('buildMonitorInput', () => {
  it('builds an HTTP check with headers, status ranges, keyword and JSON path', () => {
    const { input, errors } = buildMonitorInput(
      form({
        url: ' https://rig-city.com/health ',
        method: 'POST',
        headers: 'Authorization: Bearer x:y\n\nAccept: application/json',
        body: '{"ping":true}',
        expectedStatus: '200-299, 301',
        keyword: 'ok',
        jsonPath: '$.status',
        jsonValue: 'green',
        tags: 'web, prod, web',
        domain: 'Rig-City.com',
        intervalSeconds: '30',
        timeoutSeconds: '2.5',
        retries: '2',
      }),
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      name: 'check',
      config: {
        type: 'http',
        url: 'https://rig-city.com/health',
        method: 'POST',
        headers: { Authorization: 'Bearer x:y', Accept: 'application/json' },
        body: '{"ping":true}',
        expectedStatus: ['200-299', '301'],
        keyword: 'ok',
        invertKeyword: false,
        jsonPath: '$.status',
        jsonValue: 'green',
        followRedirects: true,
        maxRedirects: 10,
        ignoreTls: false,
      },
      intervalSeconds: 30,
      timeoutMs: 2500,
      retries: 2,
      tags: ['web', 'prod'],
      domain: 'rig-city.com',
      paused: false,
      channelIds: [],
    });
  });

  it('objects under the API’s field names: URL, status ranges, headers, the 20 s floor', () => {
    const { errors } = buildMonitorInput(
      form({ name: ' ', url: 'ftp://x', expectedStatus: '2xx', headers: 'nonsense', intervalSeconds: '5' }),
    );
    expect(Object.keys(errors).sort()).toEqual([
      'config.expectedStatus',
      'config.headers',
      'config.url',
      'intervalSeconds',
      'name',
    ]);
    expect(errors.intervalSeconds).toMatch(/20 seconds/);
  });

  it('builds each other type with only its own settings', () => {
    expect(
      buildMonitorInput(form({ type: 'tls', host: 'evindrake.net', port: '', expiryDays: '21' })).input
        .config,
    ).toEqual({ type: 'tls', host: 'evindrake.net', port: 443, expiryDays: 21 });
    expect(
      buildMonitorInput(
        form({
          type: 'dns',
          dnsName: 'scarletredjoker.com',
          expected: '1.2.3.4\n5.6.7.8',
          matchPublicIp: true,
        }),
      ).input.config,
    ).toEqual({
      type: 'dns',
      name: 'scarletredjoker.com',
      recordType: 'A',
      expected: ['1.2.3.4', '5.6.7.8'],
      matchPublicIp: true,
    });
    // "Match public IP" only means something for A records.
    expect(
      buildMonitorInput(
        form({ type: 'dns', dnsName: 'x.com', recordType: 'MX', matchPublicIp: true, resolver: '1.1.1.1' }),
      ).input.config,
    ).toMatchObject({ matchPublicIp: false, resolver: '1.1.1.1' });
    expect(buildMonitorInput(form({ type: 'tcp', host: 'db', port: '5432' })).input.config).toEqual({
      type: 'tcp',
      host: 'db',
      port: 5432,
    });
    expect(
      buildMonitorInput(form({ type: 'tcp', host: 'db', port: '99999' })).errors['config.port'],
    ).toBeDefined();
    expect(buildMonitorInput(form({ type: 'container', container: 'web' })).input.config).toEqual({
      type: 'container',
      container: 'web',
    });
    expect(buildMonitorInput(form({ type: 'postgres', url: 'mysql://x' })).errors['config.url']).toMatch(
      /postgres/,
    );
    expect(buildMonitorInput(form({ type: 'redis', url: 'rediss://h:6380' })).input.config).toEqual({
      type: 'redis',
      url: 'rediss://h:6380',
    });
    expect(buildMonitorInput(form({ type: 'push' }))).toMatchObject({
      input: { config: { type: 'push' } },
      errors: {},
    });
  });
});

describe('editorStateOf', () => {
  it('turns a saved monitor back into the fields it was built from', () => {
    const saved = monitor({
      config: {
        type: 'http',
        url: 'https://rig-city.com/',
        method: 'HEAD',
        headers: { Accept: 'text/html' },
        expectedStatus: ['200-299'],
        followRedirects: false,
        maxRedirects: 0,
        ignoreTls: true,
      },
      intervalSeconds: 120,
      timeoutMs: 5000,
      tags: ['a', 'b'],
      channelIds: ['c1'],
    });
    const state = editorStateOf(saved);
    expect(state).toMatchObject({
      method: 'HEAD',
      headers: 'Accept: text/html',
      expectedStatus: '200-299',
      followRedirects: false,
      ignoreTls: true,
      intervalSeconds: '120',
      timeoutSeconds: '5',
      tags: 'a, b',
      channelIds: ['c1'],
    });
    expect(buildMonitorInput(state).input).toMatchObject({
      config: { url: 'https://rig-city.com/' },
      timeoutMs: 5000,
    });
  });
});

describe('editorStateOf with a database monitor', () => {
  it('starts the URL empty: the API masks its password, and saving the mask would lose it', () => {
    const saved = monitor({
      type: 'postgres',
      config: { type: 'postgres', url: 'postgres://app:****@db:5432/app' },
    });
    expect(editorStateOf(saved).url).toBe('');
    expect(buildMonitorInput(editorStateOf(saved)).errors['config.url']).toBe('Enter the connection URL');
  });
});

describe('field messages', () => {
  it('folds list items into their list and finds nested messages', () => {
    const folded = foldFieldErrors({
      'config.expected.1': 'bad',
      'config.expected.0': 'worse',
      name: 'empty',
    });
    expect(folded).toEqual({ 'config.expected': 'bad worse', name: 'empty' });
    expect(messageFor({ 'config.headers.X': 'too long' }, 'config.headers')).toBe('too long');
    expect(messageFor({}, 'name')).toBeUndefined();
  });
});
