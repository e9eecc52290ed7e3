/**
 * The deployment analyzer: looks at a project folder on the server (a local git checkout counts),
 * detects its stack, proposes a Dockerfile, a compose service and a Caddy route, lists the
 * environment variables the code reads that nothing sets, and the risks it sees. Only folders under
 * the projects root are read, and symlinks never lead out of it. `deployProject` (the
 * `deploy_project` tool, always approved by a person) builds the image and starts it, labelled as
 * a managed project.
 */

import { cp, lstat, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProjectAnalysis, ProjectRisk, Stack } from '@homelab/db/jarvis/analysis';
import type { Config } from '../config';
import { HttpError } from '../internal/errors';
import { proposeCaddyRoute, proposeComposeService, proposeDockerfile } from './analyzer-proposals';
import { clip, errorText, pause } from './tools/define';
import type { ToolContext, ToolResult } from './tools/types';

/** The answer's shape is shared with the API and the page. */
export type { EnvVariable, ProjectAnalysis, ProjectRisk } from '@homelab/db/jarvis/analysis';

export type AnalyzeOptions = {
  /** The folder projects must live under (JARVIS_PROJECTS_DIR). */
  allowedRoot: string;
  /** The site name for the Caddy route; `<name>.example.com` when not given. */
  host?: string;
};

const skippedDirs = new Set([
  '.git',
  'node_modules',
  '.venv',
  'venv',
  '__pycache__',
  'dist',
  'build',
  'vendor',
  '.next',
  'target',
]);
const notInImage = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__']);
const sourceExtensions = new Set([
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
  '.ts',
  '.mts',
  '.cts',
  '.tsx',
  '.py',
  '.go',
]);
const maxSourceFiles = 2_000;
const maxFileBytes = 256 * 1024;
const maxDepth = 8;
const composeNames = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
/** Set by the base images, the runtime or the proposal; never worth asking the owner for. */
const providedEnv = new Set([
  'PORT',
  'NODE_ENV',
  'PATH',
  'HOME',
  'HOSTNAME',
  'PWD',
  'USER',
  'SHELL',
  'TERM',
  'LANG',
  'TZ',
  'PYTHONUNBUFFERED',
]);
const secretName = /(SECRET|TOKEN|PASSWORD|PASSWD|PASS|API_?KEY|PRIVATE|CREDENTIAL|DSN|DATABASE_URL|_KEY)$/i;

/** The projects root from the config (JARVIS_PROJECTS_DIR); null when the owner set none. */
export function projectsRootOf(config: Config): string | null {
  return config.jarvis?.projectsDir ?? null;
}

const inside = (root: string, target: string) => {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};

/** The project's real folder, refused when it (or a symlink on the way) lies outside the root. */
export async function resolveProject(requested: string, allowedRoot: string): Promise<string> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(requested) || requested.startsWith('git@'))
    throw new HttpError(
      400,
      'not_a_folder',
      'Give a folder on the server; clone a remote repository under the projects folder first.',
    );
  const root = await realpath(allowedRoot).catch(() => {
    throw new HttpError(503, 'not_configured', `The projects folder ${allowedRoot} does not exist.`);
  });
  const wanted = path.resolve(root, requested);
  const outside = () =>
    new HttpError(400, 'outside_projects', `${requested} is outside the projects folder ${allowedRoot}.`);
  if (!inside(root, wanted)) throw outside();
  const real = await realpath(wanted).catch(() => {
    throw new HttpError(404, 'not_found', `There is no folder ${requested} in the projects folder.`);
  });
  // A symlink inside the root may point anywhere; what counts is where it leads.
  if (!inside(root, real)) throw outside();
  if (!(await stat(real)).isDirectory())
    throw new HttpError(400, 'not_a_folder', `${requested} is not a folder.`);
  return real;
}

/** A file of the project, or null; a symlink is followed only while it stays inside the project. */
async function readProjectFile(dir: string, relative: string): Promise<string | null> {
  const file = path.join(dir, relative);
  try {
    const info = await lstat(file);
    let target = file;
    if (info.isSymbolicLink()) {
      target = await realpath(file);
      if (!inside(dir, target)) return null;
    }
    const real = await stat(target);
    if (!real.isFile() || real.size > maxFileBytes) return null;
    return await readFile(target, 'utf8');
  } catch {
    return null;
  }
}

/** Source files (relative paths), symlinks and dependency folders skipped. */
async function sourceFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const queue: { rel: string; depth: number }[] = [{ rel: '', depth: 0 }];
  while (queue.length > 0 && found.length < maxSourceFiles) {
    const { rel, depth } = queue.shift()!;
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && !skippedDirs.has(entry.name) && depth < maxDepth)
        queue.push({ rel: child, depth: depth + 1 });
      else if (entry.isFile() && sourceExtensions.has(path.extname(entry.name))) found.push(child);
    }
  }
  return found.slice(0, maxSourceFiles);
}

/** KEY=value lines of a dotenv file (comments, blank lines and `export ` prefixes allowed). */
export function dotenvKeys(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match) keys.set(match[1]!, match[2]!.trim().replace(/^(['"])(.*)\1$/, '$2'));
  }
  return keys;
}

const envPatterns = [
  /process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /process\.env\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\]/g,
  /import\.meta\.env\.([A-Za-z_][A-Za-z0-9_]*)/g,
  /os\.environ\[\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*\]/g,
  /os\.environ\.get\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /os\.getenv\(\s*['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g,
  /os\.(?:Getenv|LookupEnv)\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g,
];

/** Variables a source file reads. */
export function envReadsIn(source: string): string[] {
  const names = new Set<string>();
  for (const pattern of envPatterns) for (const match of source.matchAll(pattern)) names.add(match[1]!);
  return [...names];
}

/** `${X}` references of a compose file: required unless they carry a default (`${X:-a}`, `${X-a}`). */
export function composeReferences(text: string): { name: string; required: boolean }[] {
  const out = new Map<string, boolean>();
  for (const match of text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?[^}]*\}/g)) {
    const required = !match[2] || match[2].includes('?');
    out.set(match[1]!, (out.get(match[1]!) ?? false) || required);
  }
  return [...out].map(([name, required]) => ({ name, required }));
}

/**
 * Environment keys a compose file gives a value (`KEY: value` or `- KEY=value`, upper-case names);
 * `KEY: ${KEY}` only passes the owner's variable on, so it sets nothing by itself.
 */
function composeSets(text: string): string[] {
  return [...text.matchAll(/^\s*-?\s*['"]?([A-Z_][A-Z0-9_]*)['"]?\s*[:=](.*)$/gm)]
    .filter((m) => !m[2]!.includes('${'))
    .map((m) => m[1]!);
}

/** ENV and ARG names of a Dockerfile. */
function dockerfileSets(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/^\s*(?:ENV|ARG)\s+(.+)$/gim)) {
    for (const part of match[1]!.split(/\s+/)) {
      const name = /^([A-Za-z_][A-Za-z0-9_]*)(=|$)/.exec(part)?.[1];
      if (name) names.push(name);
      if (!part.includes('=')) break;
    }
  }
  return names;
}

/** The last stage's user: null when none is set (root). */
function finalUser(dockerfile: string): string | null {
  const lines = dockerfile.split(/\r?\n/);
  const lastFrom = lines.findLastIndex((line) => /^\s*FROM\s/i.test(line));
  const user = lines
    .slice(lastFrom + 1)
    .map((line) => /^\s*USER\s+(\S+)/i.exec(line)?.[1])
    .filter(Boolean)
    .at(-1);
  return user ?? null;
}

/** Images a Dockerfile or compose file names without a tag, or with `latest`. */
function untaggedImages(dockerfile: string | null, compose: string | null): string[] {
  const found: string[] = [];
  if (dockerfile) {
    const stages = new Set<string>();
    for (const match of dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/gim)) {
      const image = match[1]!;
      if (image !== 'scratch' && !stages.has(image.toLowerCase()) && !image.includes('$')) found.push(image);
      if (match[2]) stages.add(match[2].toLowerCase());
    }
  }
  if (compose) for (const match of compose.matchAll(/^\s*image:\s*['"]?([^\s'"#]+)/gm)) found.push(match[1]!);
  return found.filter((image) => {
    if (image.includes('@sha256:')) return false;
    const last = image.split('/').at(-1)!;
    return !last.includes(':') || last.endsWith(':latest');
  });
}

/** Host ports a compose file publishes on every interface. */
function publishedPorts(compose: string): string[] {
  const out: string[] = [];
  for (const match of compose.matchAll(
    /^\s*-\s*['"]?((?:[\d.]+:)?\d+(?:-\d+)?:\d+(?:-\d+)?(?:\/\w+)?)['"]?\s*$/gm,
  )) {
    const mapping = match[1]!;
    const host = mapping.split(':');
    if (host.length === 3 && (host[0] === '127.0.0.1' || host[0] === 'localhost')) continue;
    out.push(mapping);
  }
  return out;
}

function firstPort(text: string | null, patterns: RegExp[]): number | null {
  if (!text) return null;
  for (const pattern of patterns) {
    const port = Number(pattern.exec(text)?.[1]);
    if (port > 0 && port < 65_536) return port;
  }
  return null;
}

function projectName(dir: string): string {
  const slug = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'project';
}

type Files = {
  dir: string;
  sources: { file: string; text: string }[];
  read(relative: string): Promise<string | null>;
  exists(relative: string): Promise<boolean>;
};

async function nodeStack(files: Files, packageJson: string, risks: ProjectRisk[]): Promise<Stack> {
  let manifest: {
    main?: unknown;
    scripts?: Record<string, unknown>;
    engines?: Record<string, unknown>;
  } = {};
  try {
    manifest = JSON.parse(packageJson);
  } catch {
    risks.push({
      code: 'unknown_stack',
      severity: 'medium',
      message: 'package.json is not valid JSON.',
      file: 'package.json',
    });
  }
  const lockfiles = [
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm'],
    ['yarn.lock', 'yarn'],
    ['pnpm-lock.yaml', 'pnpm'],
  ] as const;
  let lockfile: (typeof lockfiles)[number] | null = null;
  for (const candidate of lockfiles) if (await files.exists(candidate[0])) lockfile ??= candidate;
  if (!lockfile)
    risks.push({
      code: 'no_lockfile',
      severity: 'medium',
      message:
        'No lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml): every build may install different versions.',
      file: 'package.json',
    });
  const engines = typeof manifest.engines?.node === 'string' ? manifest.engines.node : null;
  const nvmrc = await files.read('.nvmrc');
  const nodeVersion = /(\d{2,})/.exec(engines ?? nvmrc ?? '')?.[1] ?? '22';
  const start = typeof manifest.scripts?.start === 'string' ? manifest.scripts.start.trim() : null;
  const main = typeof manifest.main === 'string' ? manifest.main : null;
  const direct = start ? /^node\s+([\w./-]+)$/.exec(start)?.[1] : null;
  let command: string[];
  if (direct) command = ['node', direct];
  else if (start) command = ['npm', 'start'];
  else {
    const candidates = [main, 'index.js', 'server.js', 'app.js'].filter((f): f is string => Boolean(f));
    let entry = candidates[0] ?? 'index.js';
    for (const candidate of candidates)
      if (await files.exists(candidate)) {
        entry = candidate;
        break;
      }
    command = ['node', entry];
  }
  const code = files.sources.map((s) => s.text).join('\n');
  const port = firstPort(code, [/PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/, /\.listen\(\s*(\d{2,5})/]) ?? 3000;
  return {
    kind: 'node',
    nodeVersion,
    packageManager: lockfile?.[1] ?? 'npm',
    lockfile: lockfile?.[0] ?? null,
    hasBuild: typeof manifest.scripts?.build === 'string',
    command,
    port,
  };
}

async function pythonStack(files: Files, risks: ProjectRisk[]): Promise<Stack> {
  const requirements = await files.read('requirements.txt');
  const pyproject = await files.read('pyproject.toml');
  const deps = `${requirements ?? ''}\n${pyproject ?? ''}`.toLowerCase();
  if (requirements) {
    const unpinned = requirements
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*/, '').trim())
      .filter((line) => line && !line.startsWith('-') && !line.includes('=='));
    if (unpinned.length > 0)
      risks.push({
        code: 'no_lockfile',
        severity: 'medium',
        message: `requirements.txt leaves ${unpinned.length} packages unpinned (${unpinned.slice(0, 3).join(', ')}): pin them with == or use a lockfile.`,
        file: 'requirements.txt',
      });
  } else {
    const locks = ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock'];
    let locked = false;
    for (const lock of locks) locked ||= await files.exists(lock);
    if (!locked)
      risks.push({
        code: 'no_lockfile',
        severity: 'medium',
        message: 'No lockfile (poetry.lock, uv.lock, pdm.lock): every build may install different versions.',
        file: 'pyproject.toml',
      });
  }
  const requested = /requires-python\s*=\s*['"][^'"\d]*(3\.\d+)/.exec(pyproject ?? '')?.[1];
  const pinned = /^(3\.\d+)/.exec((await files.read('.python-version'))?.trim() ?? '')?.[1];
  const pythonVersion = pinned ?? requested ?? '3.12';
  let app: { module: string; variable: string; kind: string } | null = null;
  for (const source of files.sources.filter((s) => s.file.endsWith('.py') && !s.file.includes('/'))) {
    const match = /^(\w+)\s*=\s*(FastAPI|Flask|Starlette)\(/m.exec(source.text);
    if (match) {
      app = { module: source.file.replace(/\.py$/, ''), variable: match[1]!, kind: match[2]! };
      break;
    }
  }
  const code = files.sources.map((s) => s.text).join('\n');
  const port = firstPort(code, [/port\s*=\s*(\d{2,5})/i]) ?? 8000;
  let command: string[];
  if (app && app.kind !== 'Flask' && deps.includes('uvicorn'))
    command = ['uvicorn', `${app.module}:${app.variable}`, '--host', '0.0.0.0', '--port', String(port)];
  else if (app && deps.includes('gunicorn'))
    command = ['gunicorn', '--bind', `0.0.0.0:${port}`, `${app.module}:${app.variable}`];
  else {
    const entry = app ? `${app.module}.py` : (await files.exists('main.py')) ? 'main.py' : 'app.py';
    command = ['python', entry];
  }
  return {
    kind: 'python',
    pythonVersion,
    install: requirements ? 'requirements' : 'pyproject',
    command,
    port,
  };
}

async function goStack(files: Files, goMod: string, risks: ProjectRisk[]): Promise<Stack> {
  if (/^require\b/m.test(goMod) && !(await files.exists('go.sum')))
    risks.push({
      code: 'no_lockfile',
      severity: 'medium',
      message: 'go.mod requires modules but go.sum is missing: run `go mod tidy` and commit it.',
      file: 'go.mod',
    });
  const goVersion = /^go\s+(\d+\.\d+)/m.exec(goMod)?.[1] ?? '1.24';
  const code = files.sources.map((s) => s.text).join('\n');
  const port = firstPort(code, [/"(?:0\.0\.0\.0)?:(\d{2,5})"/, /PORT.*?"(\d{2,5})"/]) ?? 8080;
  return { kind: 'go', goVersion, port };
}

export async function analyzeProject(requested: string, options: AnalyzeOptions): Promise<ProjectAnalysis> {
  const dir = await resolveProject(requested, options.allowedRoot);
  const names = await sourceFiles(dir);
  const sources: Files['sources'] = [];
  for (const file of names) {
    const text = await readProjectFile(dir, file);
    if (text !== null) sources.push({ file, text });
  }
  const files: Files = {
    dir,
    sources,
    read: (relative) => readProjectFile(dir, relative),
    exists: async (relative) => (await readProjectFile(dir, relative)) !== null,
  };
  const risks: ProjectRisk[] = [];
  const dockerfile = await files.read('Dockerfile');
  let composeFile: string | null = null;
  let compose: string | null = null;
  for (const name of composeNames) {
    compose = await files.read(name);
    if (compose !== null) {
      composeFile = name;
      break;
    }
  }

  let stack: Stack;
  const packageJson = await files.read('package.json');
  const goMod = await files.read('go.mod');
  const exposePort = firstPort(dockerfile, [/^\s*EXPOSE\s+(\d+)/im]);
  const composePort = firstPort(compose, [
    /^\s*-\s*['"]?(?:[\d.]+:)?\d+:(\d+)/m,
    /expose:\s*\[?\s*['"]?(\d+)/,
  ]);
  if (dockerfile !== null)
    stack = {
      kind: 'dockerfile',
      dockerfile: 'Dockerfile',
      port: exposePort ?? composePort,
      hasHealthcheck: /^\s*HEALTHCHECK\s+(?!NONE)/im.test(dockerfile),
    };
  else if (compose !== null && composeFile) stack = { kind: 'compose', composeFile, port: composePort };
  else if (packageJson !== null) stack = await nodeStack(files, packageJson, risks);
  else if ((await files.exists('requirements.txt')) || (await files.exists('pyproject.toml')))
    stack = await pythonStack(files, risks);
  else if (goMod !== null) stack = await goStack(files, goMod, risks);
  else {
    stack = { kind: 'unknown', port: null };
    risks.push({
      code: 'unknown_stack',
      severity: 'high',
      message:
        'No package.json, requirements.txt, pyproject.toml, go.mod, Dockerfile or compose file: nothing to build.',
    });
  }

  if (dockerfile !== null) {
    const user = finalUser(dockerfile);
    if (!user || user === 'root' || user === '0' || user.startsWith('0:') || user.startsWith('root:'))
      risks.push({
        code: 'runs_as_root',
        severity: 'high',
        message: 'The Dockerfile sets no non-root USER in its last stage: the app runs as root.',
        file: 'Dockerfile',
      });
  }
  for (const image of untaggedImages(dockerfile, compose))
    risks.push({
      code: 'latest_tag',
      severity: 'medium',
      message: `${image} has no pinned tag: a rebuild or pull can change it without notice.`,
      file: dockerfile?.includes(image) ? 'Dockerfile' : (composeFile ?? undefined),
    });
  if (compose && composeFile) {
    for (const mapping of publishedPorts(compose))
      risks.push({
        code: 'exposed_port',
        severity: 'medium',
        message: `Port ${mapping} is published on every interface; behind Caddy it needs none (or 127.0.0.1 only).`,
        file: composeFile,
      });
    if (/docker\.sock/.test(compose))
      risks.push({
        code: 'docker_socket',
        severity: 'high',
        message: 'The Docker socket is mounted: the container controls the whole server.',
        file: composeFile,
      });
    if (/^\s*privileged:\s*true/m.test(compose))
      risks.push({
        code: 'privileged',
        severity: 'high',
        message: 'A service runs privileged.',
        file: composeFile,
      });
  }

  const dotenv = dotenvKeys((await files.read('.env')) ?? '');
  const example = dotenvKeys((await files.read('.env.example')) ?? '');
  const gitignore = (await files.read('.gitignore')) ?? '';
  const ignored = gitignore.split(/\r?\n/).some((line) => /^\/?\.env(\*|\.\*)?$/.test(line.trim()));
  const secrets = [...dotenv]
    .filter(([key, value]) => secretName.test(key) && value !== '')
    .map(([key]) => key);
  if (secrets.length > 0 && !ignored)
    risks.push({
      code: 'secrets_committed',
      severity: 'high',
      message: `.env holds secrets (${secrets.join(', ')}) and .gitignore does not exclude it: they are committed with the code. Move them out of the repository and rotate them.`,
      file: '.env',
    });

  const reads = new Map<string, Set<string>>();
  const note = (name: string, file: string) => {
    const set = reads.get(name) ?? new Set<string>();
    set.add(file);
    reads.set(name, set);
  };
  for (const source of sources) for (const name of envReadsIn(source.text)) note(name, source.file);
  for (const key of example.keys()) note(key, '.env.example');
  if (compose && composeFile)
    for (const ref of composeReferences(compose)) if (ref.required) note(ref.name, composeFile);
  const set = new Set<string>([
    ...dotenv.keys(),
    ...(dockerfile ? dockerfileSets(dockerfile) : []),
    ...(compose ? composeSets(compose) : []),
    ...providedEnv,
  ]);
  const env = [...reads]
    .map(([name, where]) => ({ name, readIn: [...where].slice(0, 3), set: set.has(name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const missingEnv = env.filter((v) => !v.set).map((v) => v.name);

  const name = projectName(dir);
  return {
    name,
    path: dir,
    stack,
    existing: { dockerfile: dockerfile !== null ? 'Dockerfile' : null, compose: composeFile },
    proposal: {
      dockerfile: proposeDockerfile(stack),
      composeService: proposeComposeService(name, stack, { envFile: dotenv.size > 0, env: missingEnv }),
      caddyRoute: proposeCaddyRoute(name, stack.port, options.host ?? `${name}.example.com`),
    },
    env,
    missingEnv,
    risks,
  };
}

export type DeployOptions = {
  /** Defaults to the configured projects root. */
  allowedRoot?: string;
  /** The network the container joins; the engine's default when not given. */
  network?: string;
  /** Extra labels (tests mark their containers). */
  labels?: Record<string, string>;
  /** How long the container must stay up to count as started. */
  settleMs?: number;
};

/** What goes into the image: never the VCS folder, installed dependencies or .env files with secrets. */
function inBuildContext(source: string, dir: string): boolean {
  const base = path.basename(source);
  if (source === dir) return true;
  if (notInImage.has(base)) return false;
  return !(base === '.env' || (base.startsWith('.env.') && base !== '.env.example'));
}

type BuildEvent = {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
};

/** Builds the project's image and (re)starts its one container. Run only after a person approved. */
export async function deployProject(
  requested: string,
  ctx: ToolContext,
  options: DeployOptions = {},
): Promise<ToolResult> {
  const allowedRoot = options.allowedRoot ?? projectsRootOf(ctx.config);
  if (!allowedRoot)
    return {
      ok: false,
      error: 'No projects folder is configured (JARVIS_PROJECTS_DIR): nothing can be deployed.',
    };
  let analysis: ProjectAnalysis;
  try {
    analysis = await analyzeProject(requested, { allowedRoot });
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
  const { stack, name } = analysis;
  if (stack.kind === 'compose')
    return {
      ok: false,
      error: `${name} is a compose project (${stack.composeFile}): deploy it as a stack, not as one image.`,
    };
  if (stack.kind === 'unknown') return { ok: false, error: `${name}: no stack detected, nothing to build.` };

  const docker = ctx.engine.require();
  const tag = `homelab/${name}:${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;
  const labels = { 'dev.homelab.managed': 'true', 'dev.homelab.project': name, ...options.labels };
  const context = await mkdtemp(path.join(tmpdir(), `homelab-build-${name}-`));
  let log: string[] = [];
  try {
    // A copy, so the proposed Dockerfile never lands in the owner's folder; symlinks stay links.
    await cp(analysis.path, context, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => inBuildContext(source, analysis.path),
    });
    const proposed = analysis.proposal.dockerfile;
    if (proposed && stack.kind !== 'dockerfile') await writeFile(path.join(context, 'Dockerfile'), proposed);
    const stream = await docker.buildImage(
      { context, src: await readdir(context) },
      { t: tag, labels, rm: true, forcerm: true, abortSignal: ctx.signal },
    );
    const events = await new Promise<BuildEvent[]>((resolve, reject) =>
      docker.modem.followProgress(stream, (error: Error | null, output: BuildEvent[]) =>
        error ? reject(error) : resolve(output),
      ),
    );
    log = events.flatMap((e) => (e.stream ?? '').split('\n')).filter((line) => line.trim() !== '');
    const failure = events.find((e) => e.error || e.errorDetail);
    if (failure)
      return {
        ok: false,
        error: `The image of ${name} did not build: ${clip(failure.errorDetail?.message ?? failure.error ?? 'unknown error', 500)}`,
      };
  } catch (error) {
    return { ok: false, error: `The image of ${name} did not build: ${clip(errorText(error), 500)}` };
  } finally {
    await rm(context, { recursive: true, force: true });
  }

  // The project's previous container gives way to the new one.
  const previous = await docker.listContainers({
    all: true,
    filters: { label: [`dev.homelab.project=${name}`] },
  });
  for (const info of previous) await docker.getContainer(info.Id).remove({ force: true });
  const dotenv = dotenvKeys((await readProjectFile(analysis.path, '.env')) ?? '');
  const container = await docker.createContainer({
    name,
    Image: tag,
    Labels: labels,
    Env: [...dotenv].map(([key, value]) => `${key}=${value}`),
    HostConfig: {
      RestartPolicy: { Name: 'unless-stopped' },
      SecurityOpt: ['no-new-privileges:true'],
      ...(options.network ? { NetworkMode: options.network } : {}),
    },
  });
  await container.start();
  await pause(options.settleMs ?? 3_000, ctx.signal);
  const state = (await container.inspect()).State;
  const data = {
    image: tag,
    container: name,
    state: state.Status,
    port: stack.port,
    missingEnv: analysis.missingEnv,
    buildLog: clip(log.slice(-20).join('\n'), 2_000),
  };
  if (!state.Running)
    return {
      ok: false,
      error: `${name} was built (${tag}) but its container stopped (${state.Status}, exit code ${state.ExitCode}); read its logs with container_logs.`,
    };
  return {
    ok: true,
    summary: `Deployed ${name}: built ${tag} and started the container ${name}.`,
    data,
    // The build log quotes the project's own files and commands.
    untrusted: true,
  };
}
