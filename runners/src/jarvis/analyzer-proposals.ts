/**
 * What the deployment analyzer proposes for a detected stack: a multi-stage Dockerfile that runs as
 * a non-root user, a compose service for the homelab's compose file (restart policy, healthcheck,
 * the port exposed to Caddy on the `edge` network, never published on the host) and a Caddy site.
 */

import type { GoStack, NodeStack, PythonStack, Stack } from '@homelab/db/jarvis/analysis';

const exec = (command: string[]) => JSON.stringify(command);

function nodeDockerfile(stack: NodeStack): string {
  const image = `node:${stack.nodeVersion}-alpine`;
  const copyManifests = `COPY package.json ${stack.lockfile ?? ''}`.trim();
  const install =
    stack.packageManager === 'npm'
      ? stack.lockfile
        ? 'npm ci'
        : 'npm install'
      : `corepack enable && ${stack.packageManager} install --frozen-lockfile`;
  const prune =
    stack.packageManager === 'npm'
      ? 'npm prune --omit=dev'
      : stack.packageManager === 'pnpm'
        ? 'pnpm prune --prod'
        : null;
  return [
    '# syntax=docker/dockerfile:1',
    `FROM ${image} AS build`,
    'WORKDIR /app',
    `${copyManifests} ./`,
    `RUN ${install}`,
    'COPY . .',
    stack.hasBuild ? `RUN ${stack.packageManager} run build` : null,
    prune ? `RUN ${prune}` : null,
    '',
    `FROM ${image}`,
    `ENV NODE_ENV=production PORT=${stack.port}`,
    'WORKDIR /app',
    'COPY --from=build --chown=node:node /app /app',
    // The official image ships the unprivileged `node` user.
    'USER node',
    `EXPOSE ${stack.port}`,
    `CMD ${exec(stack.command)}`,
    '',
  ]
    .filter((line) => line !== null)
    .join('\n');
}

function pythonDockerfile(stack: PythonStack): string {
  const image = `python:${stack.pythonVersion}-slim`;
  const install =
    stack.install === 'requirements'
      ? ['COPY requirements.txt ./', 'RUN pip install --no-cache-dir -r requirements.txt']
      : ['COPY . .', 'RUN pip install --no-cache-dir .'];
  return [
    '# syntax=docker/dockerfile:1',
    `FROM ${image} AS build`,
    'WORKDIR /app',
    'RUN python -m venv /venv',
    'ENV PATH=/venv/bin:$PATH',
    ...install,
    '',
    `FROM ${image}`,
    `ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PORT=${stack.port}`,
    'WORKDIR /app',
    'RUN useradd --system --uid 10001 --no-create-home app',
    'COPY --from=build /venv /venv',
    'COPY --chown=app:app . .',
    'USER app',
    `EXPOSE ${stack.port}`,
    `CMD ${exec(stack.command)}`,
    '',
  ].join('\n');
}

function goDockerfile(stack: GoStack): string {
  return [
    '# syntax=docker/dockerfile:1',
    `FROM golang:${stack.goVersion}-alpine AS build`,
    'WORKDIR /src',
    'COPY go.* ./',
    'RUN go mod download',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app .',
    '',
    // Alpine rather than distroless: the healthcheck needs wget.
    'FROM alpine:3.22',
    'RUN adduser -D -u 10001 app',
    'COPY --from=build /out/app /usr/local/bin/app',
    'USER app',
    `ENV PORT=${stack.port}`,
    `EXPOSE ${stack.port}`,
    'ENTRYPOINT ["/usr/local/bin/app"]',
    '',
  ].join('\n');
}

/** The Dockerfile to build with, or null when the project's own is used (or nothing can be built). */
export function proposeDockerfile(stack: Stack): string | null {
  if (stack.kind === 'node') return nodeDockerfile(stack);
  if (stack.kind === 'python') return pythonDockerfile(stack);
  if (stack.kind === 'go') return goDockerfile(stack);
  return null;
}

function healthcheck(stack: Stack, port: number): string[] {
  const url = `http://127.0.0.1:${port}/`;
  if (stack.kind === 'dockerfile' && stack.hasHealthcheck)
    return ['    # The image defines its own HEALTHCHECK.'];
  const test =
    stack.kind === 'python'
      ? ['CMD', 'python', '-c', `import urllib.request; urllib.request.urlopen('${url}', timeout=4)`]
      : ['CMD', 'wget', '-q', '--spider', url];
  return [
    '    healthcheck:',
    ...(stack.kind === 'dockerfile'
      ? ['      # wget must exist in the image; change the test to what it has.']
      : []),
    `      test: ${exec(test)}`,
    '      interval: 30s',
    '      timeout: 5s',
    '      retries: 3',
    '      start_period: 20s',
  ];
}

/** A service for the homelab's compose file, or null when the project brings its own compose file. */
export function proposeComposeService(
  name: string,
  stack: Stack,
  options: { envFile: boolean; env: string[] },
): string | null {
  if (stack.kind === 'compose' || stack.kind === 'unknown') return null;
  const port = stack.port ?? 8080;
  return [
    `  ${name}:`,
    `    build: ./${name}`,
    `    image: homelab/${name}:local`,
    '    restart: unless-stopped',
    '    # Reached through Caddy on the edge network; no port is published on the host.',
    `    expose: ["${port}"]`,
    ...(options.envFile ? ['    env_file: .env'] : []),
    ...(options.env.length
      ? ['    environment:', ...options.env.map((key) => `      ${key}: \${${key}:?set ${key}}`)]
      : []),
    ...healthcheck(stack, port),
    '    security_opt: ["no-new-privileges:true"]',
    '    labels:',
    '      dev.homelab.managed: "true"',
    `      dev.homelab.project: "${name}"`,
    '    networks: [edge]',
    '',
  ].join('\n');
}

/** A Caddy site block like the homelab's own (the `common` snippet, upstream by service name). */
export function proposeCaddyRoute(name: string, port: number | null, host: string): string {
  return [`${host} {`, '\timport common', `\treverse_proxy ${name}:${port ?? 80}`, '}', ''].join('\n');
}
