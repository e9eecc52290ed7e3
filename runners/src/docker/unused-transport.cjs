// Stands in for ssh2, gRPC and protobufjs in the runners bundle. The engine is reached over a Unix socket or
// TCP, never SSH, and images are never built through BuildKit sessions (gRPC); both libraries would
// only add native addons the single-file bundle cannot carry and memory the runner never uses.
class Unsupported {
  constructor() {
    throw new Error('This engine transport is not supported; use DOCKER_HOST=unix:// or tcp://');
  }
}
module.exports = { Client: Unsupported, Server: Unsupported, ServerCredentials: {}, loadSync: () => ({}) };
