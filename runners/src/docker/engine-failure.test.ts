import { describe, expect, it } from 'vitest';
import type { HttpError } from '../internal/errors';
import { engineFailure, engineMessage } from './engine-failure';

function dockerodeError(statusCode: number, message: string) {
  return Object.assign(new Error(`(HTTP code ${statusCode}) unexpected - ${message} `), {
    statusCode,
    json: { message },
  });
}

describe('engineFailure', () => {
  it('keeps 404 as not found, with our message', () => {
    const error = engineFailure(dockerodeError(404, 'no such volume'), 'No volume named "x".') as HttpError;
    expect([error.status, error.code, error.message]).toEqual([404, 'not_found', 'No volume named "x".']);
  });

  it("reads Podman's 500 conflicts as 409", () => {
    for (const message of [
      'network name x already used: network already exists',
      '"x" has associated containers with it: network is being used',
      'unable to delete image by ID with more than one tag: please force removal',
    ]) {
      const error = engineFailure(dockerodeError(500, message), 'nf') as HttpError;
      expect([error.status, error.code]).toEqual([409, 'conflict']);
      expect(error.message).toContain(message);
    }
  });

  it('gives other engine errors as 502 with the engine message, lost sockets as 503, bugs unchanged', () => {
    expect((engineFailure(dockerodeError(500, 'disk full'), 'nf') as HttpError).status).toBe(502);
    const socket = Object.assign(new Error('connect ENOENT /run/docker.sock'), { code: 'ENOENT' });
    expect((engineFailure(socket, 'nf') as HttpError).status).toBe(503);
    const bug = new TypeError('x is undefined');
    expect(engineFailure(bug, 'nf')).toBe(bug);
  });
});

describe('engineMessage', () => {
  it("strips dockerode's prefix when there is no JSON message", () => {
    expect(engineMessage(new Error('(HTTP code 409) conflict - name in use '))).toBe('name in use');
    expect(engineMessage('plain')).toBe('plain');
  });
});
