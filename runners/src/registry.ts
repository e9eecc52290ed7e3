/** Every runner this process knows; RUNNERS_ENABLED picks among these names. */
import { createAlertsRunner } from './alerts/service';
import { createAutomationsRunner } from './automations/service';
import { createChatRunner } from './chat/service';
import { createDatabasesRunner } from './databases/service';
import { createDdnsRunner } from './ddns/service';
import { createDeployRunner } from './deploy/service';
import { createDiscordRunner } from './discord/service';
import { createDockerRunner } from './docker/service';
import { createFilesRunner } from './files/service';
import { createGamingRunner } from './gaming/service';
import { createGoogleRunner } from './google/service';
import { createJarvisRunner } from './jarvis/service';
import { createMonitorsRunner } from './monitors/service';
import { createNetworkRunner } from './network/service';
import { createNotificationsRunner } from './notifications/service';
import type { Runner } from './runner';
import { createSmartHomeRunner } from './smarthome/service';
import { createSysbackupRunner } from './sysbackup/service';
import { createSystemRunner } from './system/service';
import { createTicketsRunner } from './tickets/service';
import { createTokensRunner } from './tokens/service';

/**
 * Their names, in the same order, for what must name the runners without building them: the
 * compose file's test checks that its two runners processes enable each exactly once.
 */
export const runnerNames = [
  'system',
  'docker',
  'databases',
  'monitors',
  'notifications',
  'alerts',
  'ddns',
  'discord',
  'tickets',
  'chat',
  'tokens',
  'jarvis',
  'smarthome',
  'google',
  'automations',
  'gaming',
  'files',
  'network',
  'sysbackup',
  'deploy',
] as const;

export function allRunners(): Runner[] {
  return [
    createSystemRunner(),
    createDockerRunner(),
    createDatabasesRunner(),
    createMonitorsRunner(),
    createNotificationsRunner(),
    createAlertsRunner(),
    createDdnsRunner(),
    createDiscordRunner(),
    createTicketsRunner(),
    createChatRunner(),
    createTokensRunner(),
    createJarvisRunner(),
    createSmartHomeRunner(),
    createGoogleRunner(),
    createAutomationsRunner(),
    createGamingRunner(),
    createFilesRunner(),
    createNetworkRunner(),
    createSysbackupRunner(),
    createDeployRunner(),
  ];
}
