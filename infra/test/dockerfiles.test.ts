/**
 * The images the homelab builds (infra/docker/*.Dockerfile), held to the rules that keep them
 * reproducible, small and safe to run: pinned bases, a non-root user, build tools left in a build
 * stage, no secrets baked in, a healthcheck, lean apt installs, exec-form commands, and every
 * local file they copy present in the build context compose gives them. The VNC desktop's start
 * script is run for real to show that it refuses to start without a usable password.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Copy, type Dockerfile, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dockerDir = join(root, 'infra/docker');
const files = readdirSync(dockerDir)
  .filter((name) => name.endsWith('.Dockerfile'))
  .sort();

type Stage = { name: string | null; image: string; instructions: Instruction[] };

function stagesOf(dockerfile: Dockerfile): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = dockerfile
        .getFROMs()
        .find((f) => f.getRange().start.line === instruction.getRange().start.line);
      stages.push({ name: from?.getBuildStage() ?? null, image: from?.getImage() ?? '', instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const images = files.map((file) => {
  const text = readFileSync(join(dockerDir, file), 'utf8');
  const dockerfile = DockerfileParser.parse(text);
  return { file, dockerfile, stages: stagesOf(dockerfile) };
});

function keyword(instructions: Instruction[], name: string) {
  return instructions.filter((instruction) => instruction.getKeyword() === name);
}

/** The stage a COPY takes its files from (`--from=`), or null for the build context. */
function copiesFrom(copy: Instruction) {
  return (copy as Copy).getFromFlag()?.getValue() ?? null;
}

/** The shell commands of a RUN, continuation lines joined. */
function runCommands(instructions: Instruction[]) {
  return keyword(instructions, 'RUN').map((run) => (run.getArgumentsContent() ?? '').replace(/\s+/g, ' '));
}

type ComposeService = { build?: { context?: string; dockerfile?: string } };
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
/** Build context of each Dockerfile, as compose gives it, relative to the repository root. */
const contexts = new Map<string, string>();
for (const service of Object.values(compose.services)) {
  const build = service.build;
  if (!build?.dockerfile) continue;
  const context = join(root, build.context ?? '.');
  contexts.set(relative(root, join(context, build.dockerfile)), context);
}

describe('infra/docker/*.Dockerfile', () => {
  it('includes the images of the stack', () => {
    expect(files).toEqual(['functions.Dockerfile', 'runners.Dockerfile', 'vnc.Dockerfile']);
  });

  it('is built by a docker-compose.yml service each, and every build names an existing Dockerfile', () => {
    for (const path of contexts.keys()) expect(existsSync(join(root, path)), path).toBe(true);
    for (const file of files) expect([...contexts.keys()], file).toContain(`infra/docker/${file}`);
  });

  it.each(images)('$file pins every base image to a tag or digest other than latest', ({ stages }) => {
    const stageNames = new Set<string>();
    for (const stage of stages) {
      // `FROM deps AS build` continues an earlier stage of the same file.
      if (!stageNames.has(stage.image)) {
        expect(stage.image, stage.image).toMatch(/^[^\s:@]+(:[\w][\w.-]*)?(@sha256:[a-f0-9]{64})?$/);
        expect(stage.image, `${stage.image} has no tag`).toMatch(/[:@]/);
        expect(stage.image).not.toMatch(/:latest(@|$)/);
      }
      if (stage.name) stageNames.add(stage.name);
    }
  });

  it.each(images)('$file runs as a non-root user', ({ stages }) => {
    const users = keyword(stages.at(-1)!.instructions, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = (users.at(-1)!.getArgumentsContent() ?? '').split(':')[0];
    expect(user).not.toMatch(/^(root|0)$/);
  });

  it.each(images.filter(({ file }) => file === 'functions.Dockerfile' || file === 'runners.Dockerfile'))(
    '$file builds in one stage and ships only the build output in a fresh one',
    ({ stages }) => {
      expect(stages.length).toBeGreaterThanOrEqual(2);
      const final = stages.at(-1)!;
      const earlier = new Set(stages.slice(0, -1).map((stage) => stage.name));
      // The runtime starts from a base image, not from the stage that holds the toolchain.
      expect(earlier.has(final.image)).toBe(false);
      const fromBuild = keyword(final.instructions, 'COPY').filter((copy) => earlier.has(copiesFrom(copy)));
      expect(fromBuild.length).toBeGreaterThan(0);
      expect(runCommands(final.instructions).join('\n')).not.toMatch(/npm (ci|install)/);
    },
  );

  it.each(images)('$file bakes no secret into the image through ARG or ENV', ({ dockerfile }) => {
    const names = [
      ...dockerfile.getARGs().map((arg) => arg.getProperty()?.getName() ?? ''),
      ...dockerfile.getENVs().flatMap((env) => env.getProperties().map((property) => property.getName())),
    ];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).not.toMatch(/PASSWORD|SECRET|TOKEN|PRIVATE|(^|_)KEY$|CREDENTIAL/i);
  });

  it.each(images)('$file declares a healthcheck that runs a command', ({ stages }) => {
    const checks = keyword(stages.at(-1)!.instructions, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    expect(checks[0]!.getArgumentsContent()).toMatch(/^CMD\s+\[/);
  });

  it.each(images)('$file starts its process in exec form, so stop signals reach it', ({ stages }) => {
    const final = stages.at(-1)!.instructions;
    const starts = [...keyword(final, 'CMD'), ...keyword(final, 'ENTRYPOINT')];
    expect(starts.length).toBeGreaterThan(0);
    for (const start of starts) {
      const args = JSON.parse(start.getArgumentsContent() ?? '') as unknown;
      expect(Array.isArray(args)).toBe(true);
    }
  });

  it.each(images)(
    '$file installs apt packages without recommends and drops the package lists',
    ({ stages }) => {
      for (const stage of stages) {
        for (const command of runCommands(stage.instructions)) {
          if (!/apt-get install/.test(command)) continue;
          // One RUN updates, installs and cleans, so no layer keeps a stale or bulky package index.
          expect(command).toMatch(/apt-get update/);
          expect(command).toMatch(/apt-get install\b[^&;|]*--no-install-recommends/);
          expect(command).toMatch(/-y\b|--yes\b/);
          expect(command).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
        }
      }
    },
  );

  it.each(images)(
    '$file copies local files with COPY, each one present in its build context',
    ({ file, stages }) => {
      const context = contexts.get(`infra/docker/${file}`)!;
      for (const stage of stages) {
        expect(keyword(stage.instructions, 'ADD')).toHaveLength(0);
        for (const copy of keyword(stage.instructions, 'COPY')) {
          if (copiesFrom(copy) !== null) continue;
          const sources = copy
            .getArguments()
            .map((argument) => argument.getValue())
            .slice(0, -1);
          for (const source of sources) {
            if (source === '.') continue;
            expect(existsSync(join(context, source)), `${file}: COPY ${source}`).toBe(true);
          }
        }
      }
    },
  );
});

describe('the VNC desktop image', () => {
  const vnc = images.find(({ file }) => file === 'vnc.Dockerfile')!;
  const startScript = join(dockerDir, 'vnc/start-desktop');
  const run = promisify(execFile);

  it('is Ubuntu 24.04 with XFCE, TigerVNC and noVNC on port 6080', () => {
    expect(vnc.stages.map((stage) => stage.image)).toEqual(['ubuntu:24.04']);
    const installs = runCommands(vnc.stages[0]!.instructions).join(' ');
    for (const pkg of ['xfce4', 'tigervnc-standalone-server', 'novnc', 'websockify']) {
      expect(installs).toMatch(new RegExp(`\\s${pkg}\\s`));
    }
    expect(keyword(vnc.stages[0]!.instructions, 'EXPOSE').map((e) => e.getArgumentsContent())).toEqual([
      '6080',
    ]);
    const start = readFileSync(startScript, 'utf8');
    // The VNC server itself is never reachable from the network, only through noVNC.
    expect(start).toMatch(/-localhost/);
    expect(start).toMatch(/websockify .*6080|novnc_port=\$\{NOVNC_PORT:-6080\}/);
  });

  it('ships executable start and healthcheck scripts', () => {
    for (const script of ['start-desktop', 'desktop-healthcheck']) {
      accessSync(join(dockerDir, 'vnc', script), constants.X_OK);
    }
  });

  async function start(env: Record<string, string>) {
    const { PATH, HOME } = process.env;
    return run(startScript, [], { env: { PATH, HOME, ...env }, timeout: 10_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
  }

  it('refuses to start without VNC_PASSWORD', async () => {
    const result = await start({});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/VNC_PASSWORD is not set/);
  });

  it('refuses a VNC_PASSWORD shorter than 6 characters', async () => {
    const result = await start({ VNC_PASSWORD: 'abc12' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/at least 6 characters/);
  });

  it('refuses a malformed VNC_GEOMETRY before starting anything', async () => {
    const result = await start({ VNC_PASSWORD: 'long-enough', VNC_GEOMETRY: '1600' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/VNC_GEOMETRY must look like 1600x900/);
  });
});
