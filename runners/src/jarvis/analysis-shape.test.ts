import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectAnalysisSchema } from '@homelab/db/jarvis/analysis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeProject } from './analyzer';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'analysis-shape-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** One small project of each stack the analyzer knows. */
const projects: Record<string, Record<string, string>> = {
  node: {
    'package.json': JSON.stringify({ scripts: { start: 'node server.js' } }),
    'server.js': 'app.listen(process.env.PORT || 4000, process.env.API_TOKEN);',
  },
  python: { 'requirements.txt': 'flask==3.0.0\n', 'app.py': 'import os\nos.getenv("SECRET_KEY")\n' },
  go: { 'go.mod': 'module example.com/svc\n\ngo 1.23\n', 'main.go': 'http.ListenAndServe(":9000", nil)' },
  dockerfile: { Dockerfile: 'FROM nginx\nEXPOSE 80\n' },
  compose: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n' },
  unknown: { 'README.md': '# nothing to build\n' },
};

describe('the analyzer’s answer', () => {
  // The API and the page read it through the shared schema: a field the schema lacks never reaches them.
  it.each(Object.keys(projects))('matches the shared schema for a %s project', async (kind) => {
    for (const [file, content] of Object.entries(projects[kind]!)) {
      await mkdir(path.join(root, kind), { recursive: true });
      await writeFile(path.join(root, kind, file), content);
    }
    const analysis = await analyzeProject(kind, { allowedRoot: root });
    expect(analysis.stack.kind).toBe(kind);
    expect(projectAnalysisSchema.parse(analysis)).toEqual(analysis);
  });
});
