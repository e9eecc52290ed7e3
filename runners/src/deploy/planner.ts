/**
 * Which services a deploy rebuilds and restarts, decided from the files that changed between the
 * running commit and the new one. Pure, so the rules can be read and tested apart from git and
 * docker.
 */

export type DeployPlan = {
  /** Services whose images are rebuilt and which are recreated (`up -d --no-deps`). */
  services: string[];
  /** docker-compose.yml changed: build everything and let `up -d` recreate what differs. */
  all: boolean;
  /** Migrations changed: run the migrate service before restarting. */
  migrate: boolean;
  /** The Caddyfile changed: reload Caddy's configuration in place. */
  reloadCaddy: boolean;
};

type Rule = { match: (path: string) => boolean; services: string[]; migrate?: boolean; caddy?: boolean };

const under = (prefix: string) => (path: string) => path.startsWith(prefix);
const exactly = (name: string) => (path: string) => path === name;

// One image serves both runners processes and dbpool, so all three are recreated together.
const runnerImage = ['runners', 'runners-engine', 'dbpool'];

const rules: Rule[] = [
  { match: under('db/migrations/'), services: runnerImage, migrate: true },
  { match: under('functions/'), services: ['functions'] },
  // The web app is built into the functions image, which serves its assets.
  { match: under('web/'), services: ['functions'] },
  { match: under('runners/'), services: runnerImage },
  { match: under('db/'), services: [...runnerImage, 'functions'] },
  { match: exactly('infra/docker/functions.Dockerfile'), services: ['functions'] },
  { match: under('infra/workerd/'), services: ['functions'] },
  { match: exactly('infra/docker/runners.Dockerfile'), services: runnerImage },
  // Dependencies are installed into both images.
  {
    match: (p) => p === 'package.json' || p === 'package-lock.json',
    services: [...runnerImage, 'functions'],
  },
  { match: exactly('Caddyfile'), services: [], caddy: true },
  // static/ is bind-mounted into Caddy, which serves the new files as soon as they are checked out;
  // docs and everything not named here restart nothing.
];

/**
 * Services in the order they restart: what others call first, then the runners, and runners-engine
 * (where the deploy runner runs, so this process) last.
 */
const restartOrder = ['dbpool', 'functions', 'runners', 'runners-engine'];

export function planDeploy(changedFiles: readonly string[]): DeployPlan {
  const services = new Set<string>();
  let migrate = false;
  let reloadCaddy = false;
  let all = false;
  for (const path of changedFiles) {
    if (path === 'docker-compose.yml') all = true;
    for (const rule of rules) {
      if (!rule.match(path)) continue;
      for (const service of rule.services) services.add(service);
      migrate ||= rule.migrate === true;
      reloadCaddy ||= rule.caddy === true;
      break;
    }
  }
  const ordered = [...services].sort((a, b) => rank(a) - rank(b));
  return { services: ordered, all, migrate, reloadCaddy };
}

function rank(service: string) {
  const at = restartOrder.indexOf(service);
  return at === -1 ? restartOrder.length : at;
}

/** What the history shows under "services". */
export function plannedServices(plan: DeployPlan): string[] {
  if (plan.all) return ['all'];
  return plan.reloadCaddy ? [...plan.services, 'caddy'] : plan.services;
}
