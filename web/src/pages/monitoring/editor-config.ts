/**
 * The monitor editor's form state and its translation both ways: a saved monitor becomes text
 * fields, the fields become the `MonitorInput` the API validates again. The page checks what it
 * can (numbers, the 20 s floor, required fields per type) under the same field names the API's
 * 400 uses ("config.url", "intervalSeconds"), so either message lands under the same field.
 */
import type { Monitor, MonitorConfig, MonitorInput, MonitorType } from './types';

/** The types the picker offers, in the order it offers them. */
export const editorTypes = [
  { type: 'http', label: 'HTTP(S)', icon: 'i-ph-globe' },
  { type: 'tls', label: 'TLS certificate', icon: 'i-ph-lock-key' },
  { type: 'dns', label: 'DNS record', icon: 'i-ph-signpost' },
  { type: 'tcp', label: 'TCP port', icon: 'i-ph-plugs-connected' },
  { type: 'container', label: 'Container', icon: 'i-ph-cube' },
  { type: 'postgres', label: 'PostgreSQL', icon: 'i-ph-database' },
  { type: 'redis', label: 'Redis', icon: 'i-ph-lightning' },
  { type: 'push', label: 'Push (heartbeat)', icon: 'i-ph-arrow-square-in' },
] as const satisfies readonly { type: MonitorType; label: string; icon: string }[];

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const dnsRecordTypes = ['A', 'AAAA', 'CNAME', 'MX', 'TXT'] as const;
/** Checks may not run more often than this (db/src/monitoring.ts `minIntervalSeconds`). */
export const minIntervalSeconds = 20;

/** Every field of every type as the form holds it: text as typed, lists as one item a line. */
export interface EditorState {
  type: MonitorType;
  name: string;
  intervalSeconds: string;
  timeoutSeconds: string;
  retries: string;
  tags: string;
  domain: string;
  paused: boolean;
  channelIds: string[];
  url: string;
  method: (typeof httpMethods)[number];
  headers: string;
  body: string;
  expectedStatus: string;
  keyword: string;
  invertKeyword: boolean;
  jsonPath: string;
  jsonValue: string;
  followRedirects: boolean;
  maxRedirects: string;
  ignoreTls: boolean;
  host: string;
  port: string;
  servername: string;
  expiryDays: string;
  dnsName: string;
  recordType: (typeof dnsRecordTypes)[number];
  expected: string;
  matchPublicIp: boolean;
  resolver: string;
  container: string;
}

export const emptyEditorState = (type: MonitorType = 'http'): EditorState => ({
  type,
  name: '',
  intervalSeconds: '60',
  timeoutSeconds: '10',
  retries: '0',
  tags: '',
  domain: '',
  paused: false,
  channelIds: [],
  url: '',
  method: 'GET',
  headers: '',
  body: '',
  expectedStatus: '200-399',
  keyword: '',
  invertKeyword: false,
  jsonPath: '',
  jsonValue: '',
  followRedirects: true,
  maxRedirects: '10',
  ignoreTls: false,
  host: '',
  port: '',
  servername: '',
  expiryDays: '14',
  dnsName: '',
  recordType: 'A',
  expected: '',
  matchPublicIp: false,
  resolver: '',
  container: '',
});

const str = (value: unknown) => (typeof value === 'string' ? value : '');
const num = (value: unknown, fallback: string) => (typeof value === 'number' ? String(value) : fallback);
const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

/** A saved monitor as the form's fields. Sealed secrets (postgres/redis URLs) come back empty: they are write-only. */
export function editorStateOf(monitor: Monitor): EditorState {
  const c = monitor.config;
  const base = emptyEditorState(monitor.type);
  const headers = c.headers && typeof c.headers === 'object' ? (c.headers as Record<string, unknown>) : {};
  return {
    ...base,
    name: monitor.name,
    intervalSeconds: String(monitor.intervalSeconds),
    timeoutSeconds: String(monitor.timeoutMs / 1000),
    retries: String(monitor.retries),
    tags: monitor.tags.join(', '),
    domain: monitor.domain ?? '',
    paused: monitor.paused,
    channelIds: [...monitor.channelIds],
    // Database URLs come back masked (postgres://user:****@host): saved as they are they would
    // replace the password with asterisks, so the field starts empty and must be filled again.
    url: monitor.type === 'postgres' || monitor.type === 'redis' ? '' : str(c.url),
    method: (httpMethods as readonly string[]).includes(str(c.method))
      ? (c.method as EditorState['method'])
      : 'GET',
    headers: Object.entries(headers)
      .map(([name, value]) => `${name}: ${String(value)}`)
      .join('\n'),
    body: str(c.body),
    expectedStatus: list(c.expectedStatus).join(', ') || base.expectedStatus,
    keyword: str(c.keyword),
    invertKeyword: bool(c.invertKeyword, false),
    jsonPath: str(c.jsonPath),
    jsonValue: str(c.jsonValue),
    followRedirects: bool(c.followRedirects, true),
    maxRedirects: num(c.maxRedirects, base.maxRedirects),
    ignoreTls: bool(c.ignoreTls, false),
    host: str(c.host),
    port: num(c.port, ''),
    servername: str(c.servername),
    expiryDays: num(c.expiryDays, base.expiryDays),
    dnsName: str(c.name),
    recordType: (dnsRecordTypes as readonly string[]).includes(str(c.recordType))
      ? (c.recordType as EditorState['recordType'])
      : 'A',
    expected: list(c.expected).join('\n'),
    matchPublicIp: bool(c.matchPublicIp, false),
    resolver: str(c.resolver),
    container: str(c.container),
  };
}

export type FieldErrors = Record<string, string>;

export interface BuiltInput {
  input: MonitorInput;
  /** The page's own objections, keyed like the API's 400 fields. */
  errors: FieldErrors;
}

const lines = (text: string) =>
  text
    .split(/\r?\n|,/)
    .map((line) => line.trim())
    .filter(Boolean);

/** A whole number from a field, recording `message` under `key` when it is not one within bounds. */
function integer(
  errors: FieldErrors,
  key: string,
  text: string,
  min: number,
  max: number,
  message: string,
): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) errors[key] = message;
  return Number.isFinite(value) ? value : 0;
}

function required(errors: FieldErrors, key: string, text: string, message: string): string {
  const value = text.trim();
  if (!value) errors[key] = message;
  return value;
}

const optional = (text: string) => (text.trim() ? text.trim() : undefined);

function parseHeaders(errors: FieldErrors, text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      errors['config.headers'] = 'Write one header a line, as Name: value';
      continue;
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function buildConfig(state: EditorState, errors: FieldErrors): MonitorConfig {
  switch (state.type) {
    case 'http': {
      const url = required(errors, 'config.url', state.url, 'Enter the URL to check');
      if (url && !/^https?:\/\/\S+$/i.test(url)) errors['config.url'] = 'Must start with http:// or https://';
      const expectedStatus = lines(state.expectedStatus);
      if (expectedStatus.some((code) => !/^\d{3}(-\d{3})?$/.test(code)))
        errors['config.expectedStatus'] = 'Use codes or ranges such as 200-299, separated by commas';
      if (optional(state.jsonPath) && !optional(state.jsonValue))
        errors['config.jsonValue'] = 'Say what the JSON path must equal';
      return {
        type: 'http',
        url,
        method: state.method,
        headers: parseHeaders(errors, state.headers),
        ...(state.body.trim() && state.method !== 'GET' && state.method !== 'HEAD'
          ? { body: state.body }
          : {}),
        expectedStatus: expectedStatus.length ? expectedStatus : ['200-399'],
        ...(optional(state.keyword) ? { keyword: state.keyword.trim() } : {}),
        invertKeyword: state.invertKeyword,
        ...(optional(state.jsonPath)
          ? { jsonPath: state.jsonPath.trim(), jsonValue: state.jsonValue.trim() }
          : {}),
        followRedirects: state.followRedirects,
        maxRedirects: state.followRedirects
          ? integer(errors, 'config.maxRedirects', state.maxRedirects, 0, 20, 'Between 0 and 20')
          : 0,
        ignoreTls: state.ignoreTls,
      };
    }
    case 'tls':
      return {
        type: 'tls',
        host: required(errors, 'config.host', state.host, 'Enter the host whose certificate to check'),
        port: integer(errors, 'config.port', state.port || '443', 1, 65_535, 'A port between 1 and 65535'),
        ...(optional(state.servername) ? { servername: state.servername.trim() } : {}),
        expiryDays: integer(errors, 'config.expiryDays', state.expiryDays, 1, 365, 'Between 1 and 365 days'),
      };
    case 'dns':
      return {
        type: 'dns',
        name: required(errors, 'config.name', state.dnsName, 'Enter the name to resolve'),
        recordType: state.recordType,
        expected: lines(state.expected),
        matchPublicIp: state.recordType === 'A' && state.matchPublicIp,
        ...(optional(state.resolver) ? { resolver: state.resolver.trim() } : {}),
      };
    case 'tcp':
      return {
        type: 'tcp',
        host: required(errors, 'config.host', state.host, 'Enter the host to connect to'),
        port: integer(errors, 'config.port', state.port, 1, 65_535, 'A port between 1 and 65535'),
      };
    case 'container':
      return {
        type: 'container',
        container: required(errors, 'config.container', state.container, 'Enter the container name or id'),
      };
    case 'postgres': {
      const url = required(errors, 'config.url', state.url, 'Enter the connection URL');
      if (url && !/^postgres(ql)?:\/\//.test(url)) errors['config.url'] = 'Must be a postgres:// URL';
      return { type: 'postgres', url };
    }
    case 'redis': {
      const url = required(errors, 'config.url', state.url, 'Enter the connection URL');
      if (url && !/^rediss?:\/\//.test(url)) errors['config.url'] = 'Must be a redis:// URL';
      return { type: 'redis', url };
    }
    case 'push':
      return { type: 'push' };
  }
}

/** The API's input from the form, with every objection the page can find before sending. */
export function buildMonitorInput(state: EditorState): BuiltInput {
  const errors: FieldErrors = {};
  const name = required(errors, 'name', state.name, 'Give the monitor a name');
  const config = buildConfig(state, errors);
  const intervalSeconds = integer(
    errors,
    'intervalSeconds',
    state.intervalSeconds,
    minIntervalSeconds,
    86_400,
    `Every ${minIntervalSeconds} seconds at the most often, once a day at the least`,
  );
  const timeout = Number(state.timeoutSeconds.trim());
  if (!state.timeoutSeconds.trim() || !Number.isFinite(timeout) || timeout < 0.5 || timeout > 120)
    errors.timeoutMs = 'Between 0.5 and 120 seconds';
  const retries = integer(errors, 'retries', state.retries, 0, 10, 'Between 0 and 10');
  const tags = [...new Set(lines(state.tags))];
  if (tags.some((tag) => tag.length > 40)) errors.tags = 'Tags are 40 characters at most';
  return {
    input: {
      name,
      config,
      intervalSeconds,
      timeoutMs: Math.round((Number.isFinite(timeout) ? timeout : 10) * 1000),
      retries,
      tags,
      domain: state.domain.trim().toLowerCase() || null,
      paused: state.paused,
      channelIds: [...state.channelIds],
    },
    errors,
  };
}

/** The message for a field from a set keyed like the API's (an item's "config.expected.1" counts for "config.expected"). */
export function messageFor(fields: Record<string, string>, key: string): string | undefined {
  if (fields[key]) return fields[key];
  const nested = Object.keys(fields).find((name) => name.startsWith(`${key}.`));
  return nested ? fields[nested] : undefined;
}

/**
 * The API's field errors with list items folded into their list ("config.expected.1" becomes
 * "config.expected"), since the form shows a list as one field.
 */
export function foldFieldErrors(fields: Record<string, string>): Record<string, string> {
  const folded: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) {
    const key = name.replace(/(\.\d+)+$/, '');
    folded[key] = folded[key] ? `${folded[key]} ${message}` : message;
  }
  return folded;
}

/** The field names each type shows, so API messages about them stay off the banner. */
export const editorFieldNames = [
  'name',
  'intervalSeconds',
  'timeoutMs',
  'retries',
  'tags',
  'domain',
  'channelIds',
  'config.url',
  'config.method',
  'config.headers',
  'config.body',
  'config.expectedStatus',
  'config.keyword',
  'config.jsonPath',
  'config.jsonValue',
  'config.maxRedirects',
  'config.host',
  'config.port',
  'config.servername',
  'config.expiryDays',
  'config.name',
  'config.recordType',
  'config.expected',
  'config.resolver',
  'config.container',
] as const;
