/** The container rules' facts from the real test engine: a running container is seen with its health and restart count. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Engine } from '../docker/engine';
import { removeTestContainers, runTestContainer, testEngine } from '../testing/engine';
import { readContainerFacts } from './engine-facts';

let engine: Engine;
let name: string;

beforeAll(async () => {
  engine = await testEngine();
  name = (await runTestContainer(engine.docker)).name;
});
afterAll(async () => {
  await removeTestContainers(engine.docker, [name]);
  engine.close();
});

it('reads every container with its health and restart count', async () => {
  const facts = await readContainerFacts(engine);
  expect(facts?.find((fact) => fact.name === name)).toMatchObject({ health: 'none', restartCount: 0 });
});
