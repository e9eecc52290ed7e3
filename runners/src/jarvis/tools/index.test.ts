import { jarvisTools } from '@homelab/db/jarvis/catalog';
import { describe, expect, it } from 'vitest';
import { jarvisToolRegistry, modelTools } from './index';

describe('the Jarvis tool registry', () => {
  it('implements exactly the catalogue, with the same risks and descriptions', () => {
    const registry = jarvisToolRegistry();
    const implemented = [...registry.values()].map((t) => [t.name, t.risk, t.description]).sort();
    const catalogued = jarvisTools.map((t) => [t.name, t.risk, t.description]).sort();
    expect(implemented).toEqual(catalogued);
  });

  it('names a target for every tool the catalogue says acts on one', () => {
    const registry = jarvisToolRegistry();
    const samples: Record<string, Record<string, unknown>> = {
      container: { container: 'web' },
      volume: { volume: 'web-data' },
      monitor: { monitor: 'Website' },
      database: { database: 'app-db' },
      domain: { name: 'cloud.example.com', host: 'cloud.example.com', hostname: 'cloud.example.com' },
      project: { path: '/srv/app' },
      entity: { entity: 'light.kitchen', service: 'turn_on' },
      delivery: { delivery: 42 },
      gaming_pc: {},
    };
    for (const info of jarvisTools) {
      const tool = registry.get(info.name);
      const kind = 'targetKind' in info ? info.targetKind : undefined;
      if (!tool || !kind) continue;
      const args = tool.args.parse(samples[kind]);
      expect(tool.target(args), info.name).toBeTruthy();
    }
  });

  it('gives the model every tool as a function with a JSON Schema object of described fields', () => {
    const tools = modelTools();
    expect(tools.map((t) => t.function.name).sort()).toEqual(jarvisTools.map((t) => t.name).sort());
    const logs = tools.find((t) => t.function.name === 'container_logs');
    expect(logs?.function.parameters).toMatchObject({
      type: 'object',
      required: ['container'],
      properties: {
        container: { type: 'string', description: expect.any(String) },
        tail: { type: 'integer', maximum: 200, default: 100 },
      },
    });
    for (const tool of tools) {
      expect(tool.function.parameters.type, tool.function.name).toBe('object');
      const properties = (tool.function.parameters.properties ?? {}) as Record<
        string,
        { description?: string }
      >;
      for (const [field, schema] of Object.entries(properties))
        expect(schema.description, `${tool.function.name}.${field}`).toBeTruthy();
    }
  });
});
