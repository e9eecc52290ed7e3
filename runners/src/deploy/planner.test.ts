import { describe, expect, it } from 'vitest';
import { planDeploy, plannedServices } from './planner';

describe('planDeploy', () => {
  it('restarts functions alone for a change under functions/', () => {
    expect(planDeploy(['functions/src/app.ts'])).toEqual({
      services: ['functions'],
      all: false,
      migrate: false,
      reloadCaddy: false,
    });
  });

  it('rebuilds functions for the web app, whose assets functions serve', () => {
    expect(planDeploy(['web/src/App.tsx']).services).toEqual(['functions']);
  });

  it('restarts the runners image (both runners processes and dbpool) for runners/, without migrating', () => {
    const plan = planDeploy(['runners/src/main.ts']);
    expect(plan.services).toEqual(['dbpool', 'runners', 'runners-engine']);
    expect(plan.migrate).toBe(false);
  });

  it('migrates when a migration changed, and restarts what reads the schema', () => {
    const plan = planDeploy(['db/migrations/0018_next.sql', 'db/src/schema/selfhosting.ts']);
    expect(plan.migrate).toBe(true);
    expect(plan.services).toEqual(['dbpool', 'functions', 'runners', 'runners-engine']);
  });

  it('reloads Caddy for the Caddyfile and restarts nothing', () => {
    const plan = planDeploy(['Caddyfile']);
    expect(plan).toMatchObject({ services: [], reloadCaddy: true, all: false });
    expect(plannedServices(plan)).toEqual(['caddy']);
  });

  it('restarts nothing for docs, the static site or tests', () => {
    const plan = planDeploy([
      'docs/architecture.md',
      'static/index.html',
      'e2e/tests/x.test.ts',
      'README.md',
    ]);
    expect(plan).toEqual({ services: [], all: false, migrate: false, reloadCaddy: false });
    expect(plannedServices(plan)).toEqual([]);
  });

  it('treats a changed compose file as everything', () => {
    const plan = planDeploy(['docker-compose.yml', 'docs/x.md']);
    expect(plan.all).toBe(true);
    expect(plannedServices(plan)).toEqual(['all']);
  });

  it('rebuilds both images when dependencies change', () => {
    expect(planDeploy(['package-lock.json']).services).toEqual([
      'dbpool',
      'functions',
      'runners',
      'runners-engine',
    ]);
  });

  it("restarts the runners last, after the services they serve, and the deploy runner's process at the very end", () => {
    expect(planDeploy(['runners/src/x.ts', 'functions/src/y.ts']).services).toEqual([
      'dbpool',
      'functions',
      'runners',
      'runners-engine',
    ]);
  });
});
