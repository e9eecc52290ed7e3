/**
 * The update and rollback plans: which services are pulled, migrated, recreated and gated, and how a
 * failed gate is undone (each changed image tagged back once, only changed services recreated).
 */
import { describe, expect, it } from 'vitest';
import {
  imageChanges,
  parseReference,
  recreateTargets,
  rollbackPlan,
  updatePlan,
} from '../../src/cli/homelab/update-plan';

const before = [
  { service: 'functions', reference: 'homelabhub/functions:local', imageId: 'sha256:f1' },
  { service: 'migrate', reference: 'homelabhub/runners:local', imageId: 'sha256:r1' },
  { service: 'runners', reference: 'homelabhub/runners:local', imageId: 'sha256:r1' },
  { service: 'dbpool', reference: 'homelabhub/runners:local', imageId: 'sha256:r1' },
  { service: 'postgres', reference: 'postgres:16-alpine', imageId: 'sha256:p1' },
  { service: 'caddy', reference: 'caddy@sha256:abc', imageId: 'sha256:c1' },
];
const running = ['caddy', 'dbpool', 'functions', 'postgres', 'runners'];

describe('updatePlan', () => {
  it('pulls, migrates, recreates and gates every service by default, gating only long-running ones', () => {
    expect(updatePlan(before, { migrate: true, gated: running })).toEqual([
      { kind: 'pull', services: ['caddy', 'dbpool', 'functions', 'migrate', 'postgres', 'runners'] },
      { kind: 'migrate' },
      { kind: 'restart', services: ['caddy', 'dbpool', 'functions', 'migrate', 'postgres', 'runners'] },
      { kind: 'health', services: running },
    ]);
  });

  it('limits itself to the named services and can skip migrations', () => {
    expect(updatePlan(before, { services: ['runners'], migrate: false, gated: running })).toEqual([
      { kind: 'pull', services: ['runners'] },
      { kind: 'restart', services: ['runners'] },
      { kind: 'health', services: ['runners'] },
    ]);
  });
});

describe('recreateTargets', () => {
  it('adds the running services that share a rebuilt image, but not one-shot ones', () => {
    const after = before.map((s) =>
      s.reference === 'homelabhub/runners:local' ? { ...s, imageId: 'sha256:r2' } : s,
    );
    expect(recreateTargets(['runners'], imageChanges(before, after), running)).toEqual(['dbpool', 'runners']);
  });

  it('recreates only what was named when its image is its own or did not change', () => {
    expect(recreateTargets(['functions'], imageChanges(before, before), running)).toEqual(['functions']);
  });
});

describe('rollbackPlan', () => {
  it('does nothing when no image changed', () => {
    expect(rollbackPlan(before, before, running)).toEqual([]);
  });

  it('tags a shared image back once and recreates every service that ran it', () => {
    const after = before.map((s) =>
      s.reference === 'homelabhub/runners:local' ? { ...s, imageId: 'sha256:r2' } : s,
    );
    expect(rollbackPlan(before, after, running)).toEqual([
      {
        kind: 'retag',
        reference: 'homelabhub/runners:local',
        imageId: 'sha256:r1',
        services: ['dbpool', 'migrate', 'runners'],
      },
      { kind: 'restart', services: ['dbpool', 'migrate', 'runners'] },
      { kind: 'health', services: ['dbpool', 'runners'] },
    ]);
  });

  it('tags each changed reference back to its own previous id, leaving unchanged ones alone', () => {
    const after = before.map((s) =>
      s.service === 'postgres' || s.service === 'functions' ? { ...s, imageId: `${s.imageId}-new` } : s,
    );
    const plan = rollbackPlan(before, after, running);
    expect(plan.filter((s) => s.kind === 'retag')).toEqual([
      {
        kind: 'retag',
        reference: 'homelabhub/functions:local',
        imageId: 'sha256:f1',
        services: ['functions'],
      },
      { kind: 'retag', reference: 'postgres:16-alpine', imageId: 'sha256:p1', services: ['postgres'] },
    ]);
    expect(plan.at(-2)).toEqual({ kind: 'restart', services: ['functions', 'postgres'] });
  });

  it('recreates a digest-pinned service without a retag, since its reference cannot move', () => {
    const after = before.map((s) => (s.service === 'caddy' ? { ...s, imageId: 'sha256:c2' } : s));
    expect(rollbackPlan(before, after, running)).toEqual([
      { kind: 'restart', services: ['caddy'] },
      { kind: 'health', services: ['caddy'] },
    ]);
  });

  it('ignores services that appeared after the snapshot', () => {
    const after = [...before, { service: 'n8n', reference: 'n8nio/n8n:1', imageId: 'sha256:n1' }];
    expect(imageChanges(before, after)).toEqual([]);
  });
});

describe('parseReference', () => {
  it('splits repository and tag, including registries with ports', () => {
    expect(parseReference('postgres:16-alpine')).toEqual({ repo: 'postgres', tag: '16-alpine' });
    expect(parseReference('registry.lan:5000/org/app:v2')).toEqual({
      repo: 'registry.lan:5000/org/app',
      tag: 'v2',
    });
    expect(parseReference('registry.lan:5000/org/app')).toEqual({
      repo: 'registry.lan:5000/org/app',
      tag: 'latest',
    });
  });
});
