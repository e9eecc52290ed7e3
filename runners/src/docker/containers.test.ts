import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../internal/errors';
import { actionRefusal, containerFailure, performSettled } from './containers';

describe('actionRefusal', () => {
  it('lets actions through that fit the state', () => {
    expect(actionRefusal('start', 'exited')).toBeNull();
    expect(actionRefusal('start', 'created')).toBeNull();
    expect(actionRefusal('stop', 'running')).toBeNull();
    expect(actionRefusal('stop', 'paused')).toBeNull();
    expect(actionRefusal('restart', 'exited')).toBeNull();
    expect(actionRefusal('pause', 'running')).toBeNull();
    expect(actionRefusal('unpause', 'paused')).toBeNull();
  });
  it('says why an action does not fit', () => {
    expect(actionRefusal('stop', 'exited')).toBe('The container is not running.');
    expect(actionRefusal('kill', 'created')).toBe('The container is not running.');
    expect(actionRefusal('start', 'running')).toBe('The container is already running.');
    expect(actionRefusal('pause', 'paused')).toBe('The container is already paused.');
    expect(actionRefusal('unpause', 'running')).toBe('The container is not paused.');
    expect(actionRefusal('start', 'removing')).toBe('The container is being removed.');
  });
});

describe('containerFailure', () => {
  const engineError = (statusCode: number, message: string) =>
    Object.assign(new Error(`(HTTP code ${statusCode}) server error - ${message}`), {
      statusCode,
      json: { message },
    });

  it('turns state refusals from either engine into 409 wrong_state', () => {
    for (const error of [
      engineError(304, ''),
      engineError(500, 'can only kill running containers: container state improper'),
    ]) {
      const mapped = containerFailure(error, 'x') as HttpError;
      expect(mapped).toBeInstanceOf(HttpError);
      expect([mapped.status, mapped.code]).toEqual([409, 'wrong_state']);
    }
  });
  it('keeps 404 and lost sockets distinct', () => {
    expect((containerFailure(engineError(404, 'no such container'), 'x') as HttpError).code).toBe(
      'not_found',
    );
    const lost = Object.assign(new Error('connect ENOENT /run/x.sock'), { code: 'ENOENT' });
    expect((containerFailure(lost, 'x') as HttpError).status).toBe(503);
  });
});

describe('performSettled', () => {
  const improper = () =>
    Object.assign(new Error('container state improper: stopped'), {
      statusCode: 500,
      json: { message: 'sending SIGKILL to container: container state improper: stopped' },
    });
  function container(failures: number) {
    let calls = 0;
    const fake = {
      restart: async () => {
        calls++;
        if (calls <= failures) throw improper();
      },
      stop: async () => {
        calls++;
        throw improper();
      },
    };
    return { fake: fake as unknown as Dockerode.Container, calls: () => calls };
  }

  it('tries a restart again when a crash loop moved the container under it', async () => {
    const { fake, calls } = container(2);
    await performSettled(fake, 'restart');
    expect(calls()).toBe(3);
  });

  it('gives up after three restarts, and never retries other actions', async () => {
    const restarts = container(5);
    await expect(performSettled(restarts.fake, 'restart')).rejects.toThrow(/state improper/);
    expect(restarts.calls()).toBe(3);
    const stops = container(5);
    await expect(performSettled(stops.fake, 'stop')).rejects.toThrow(/state improper/);
    expect(stops.calls()).toBe(1);
  });
});
