/**
 * The standalone workerd config for a local stack: the wrangler-built bundle, the web app as a disk
 * service, secrets read from the environment, and outbound network limited to this machine (the
 * embedded stack talks only to its own PostgreSQL and runners).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export type WorkerdConfigOptions = {
  root: string;
  file: string;
  port: number;
  host?: string;
  bundle?: string;
  webDir?: string;
};

export function writeWorkerdConfig({
  root,
  file,
  port,
  host = '127.0.0.1',
  bundle,
  webDir,
}: WorkerdConfigOptions) {
  const dir = path.dirname(file);
  // embed paths are resolved relative to the config file.
  const bundlePath = path.relative(dir, bundle ?? path.join(root, 'functions/dist/index.js'));
  const web = path.resolve(webDir ?? path.join(root, 'web/dist'));
  const text = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "functions", worker = .functions),
    (name = "assets", disk = (path = ${JSON.stringify(web)}, writable = false)),
    (name = "internet", network = (allow = ["local", "private"])),
  ],
  sockets = [ (name = "http", address = "${host}:${port}", http = (), service = "functions") ],
);

const functions :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed ${JSON.stringify(bundlePath)}) ],
  compatibilityDate = "2026-04-01",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    (name = "DATABASE_URL", fromEnvironment = "DATABASE_URL"),
    (name = "RUNNERS_URL", fromEnvironment = "RUNNERS_URL"),
    (name = "RUNNER_SECRET", fromEnvironment = "RUNNER_SECRET"),
    (name = "APP_VERSION", fromEnvironment = "APP_VERSION"),
    (name = "SECURE_COOKIES", fromEnvironment = "SECURE_COOKIES"),
    (name = "TRUST_PROXY", fromEnvironment = "TRUST_PROXY"),
    (name = "ASSETS", service = "assets"),
  ],
);
`;
  writeFileSync(file, text);
  return file;
}

/** The workerd binary shipped in the npm package for this platform (no download at run time). */
export function workerdBinary(root: string) {
  return path.join(root, 'node_modules', 'workerd', 'bin', 'workerd');
}
