/**
 * Vitest global setup: a real container engine (Podman's Docker API when nothing else answers) and
 * the locally built test images, handed to tests as inject('dockerHost') and inject('testImages').
 */
import path from 'node:path';
import Dockerode from 'dockerode';
import type { TestProject } from 'vitest/node';
import { ensureEngine } from '../engine/engine';
import { buildTestImages } from '../engine/images';
import { root } from './admin';
import type {} from './provided';

export default async function setup(project: TestProject) {
  const dockerHost = await ensureEngine(path.join(root, '.data/test'));
  const docker = new Dockerode({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
  const images = await buildTestImages(docker);
  project.provide('dockerHost', dockerHost);
  // Global setups share this process: a stack started by a later one (e2e) inherits the engine.
  process.env.DOCKER_HOST = dockerHost;
  project.provide('testImages', images);
}
