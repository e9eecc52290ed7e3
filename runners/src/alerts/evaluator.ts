/**
 * One evaluation of every alert rule: judge host metrics from their recent samples and containers
 * from the engine, then open an incident (and notify once) when a rule starts firing and close it
 * (and notify once) when it recovers. Passes never overlap: one asked for while another runs joins it.
 */
import type { Sql } from 'postgres';
import type { Engine } from '../docker/engine';
import type { Logger } from '../log';
import { notify } from '../notifications/notify';
import { type ContainerFacts, type ContainerWatch, createContainerWatch } from './container-watch';
import { readContainerFacts } from './engine-facts';
import { judgeWindow } from './metric-window';
import {
  type AlertRule,
  closeIncidents,
  type HostMetric,
  listRules,
  metricColumns,
  metricSamples,
  openIncident,
} from './store';

export type EvaluatorOptions = {
  sql: Sql;
  log: Logger;
  /** The shared engine, for container rules; null where there is none to ask. */
  engine: Engine | null;
  /** How often the system runner samples; gaps longer than two of these break a window. */
  sampleIntervalMs: number;
  now?: () => Date;
  /** Reads containers; defaults to the engine. Replaceable so tests can feed summaries. */
  containers?: () => Promise<ContainerFacts[] | null>;
};

export type RuleOutcome = {
  id: string;
  name: string;
  firing: boolean;
  change: 'opened' | 'resolved' | null;
  reason: string;
};

export type Evaluator = {
  evaluate(): Promise<RuleOutcome[]>;
};

type Judgement = { state: 'breach' | 'clear' | 'undecided'; reason: string };

const units: Record<HostMetric, string> = {
  cpu: ' %',
  memory: ' %',
  disk: ' %',
  temperature: ' °C',
  load: '',
};
const labels: Record<HostMetric, string> = {
  cpu: 'CPU',
  memory: 'Memory',
  disk: 'Disk usage',
  temperature: 'Temperature',
  load: 'Load average',
};

function duration(seconds: number) {
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}

const isHostMetric = (metric: string): metric is HostMetric => metric in metricColumns;
const round = (value: number) => Math.round(value * 10) / 10;

export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const now = options.now ?? (() => new Date());
  const watch: ContainerWatch = createContainerWatch();
  const readContainers =
    options.containers ?? (async () => (options.engine ? readContainerFacts(options.engine) : null));
  let running: Promise<RuleOutcome[]> | null = null;

  async function judgeHost(rule: AlertRule & { metric: HostMetric }, at: Date): Promise<Judgement> {
    const from = new Date(at.getTime() - rule.durationSeconds * 1000);
    const samples = await metricSamples(options.sql, rule.metric, from, at);
    const verdict = judgeWindow(samples, rule, {
      now: at.getTime(),
      sampleIntervalMs: options.sampleIntervalMs,
    });
    const unit = units[rule.metric];
    if (verdict.state === 'breach')
      return {
        state: 'breach',
        reason: `${labels[rule.metric]} has been above ${rule.threshold}${unit} for ${duration(rule.durationSeconds)} (now ${round(verdict.latest)}${unit}, lowest ${round(verdict.min)}${unit}).`,
      };
    if (verdict.state === 'clear')
      return {
        state: 'clear',
        reason: `${labels[rule.metric]} is back to ${round(verdict.latest)}${unit} (threshold ${rule.threshold}${unit}).`,
      };
    return verdict;
  }

  function judgeContainers(rule: AlertRule, at: number): Judgement {
    if (rule.metric === 'container_unhealthy') {
      const long = watch.unhealthyFor(rule.durationSeconds, at);
      if (long.length > 0)
        return {
          state: 'breach',
          reason: `Unhealthy for ${duration(rule.durationSeconds)} or more: ${long.map((c) => c.name).join(', ')}.`,
        };
      return watch.unhealthyFor(0, at).length === 0
        ? { state: 'clear', reason: 'No container is unhealthy any more.' }
        : { state: 'undecided', reason: 'unhealthy, but not for the whole duration yet' };
    }
    const restarted = watch.restartedMoreThan(rule.threshold, rule.durationSeconds, at);
    if (restarted.length > 0)
      return {
        state: 'breach',
        reason: `Restarted more than ${rule.threshold} times in ${duration(rule.durationSeconds)}: ${restarted.map((c) => `${c.name} (${c.restarts})`).join(', ')}.`,
      };
    return {
      state: 'clear',
      reason: `No container restarted more than ${rule.threshold} times in ${duration(rule.durationSeconds)}.`,
    };
  }

  async function fire(rule: AlertRule, reason: string, at: Date): Promise<boolean> {
    const incidentId = await openIncident(options.sql, rule, `alert:${rule.metric}`, reason, at);
    if (!incidentId) return false;
    options.log.warn('alert firing', { rule: rule.name, reason });
    await notify(options.sql, {
      groupKey: `incident:${incidentId}`,
      kind: 'opened',
      title: `Alert: ${rule.name}`,
      body: reason,
      channelIds: rule.channelIds,
      payload: {
        incidentId,
        alertRuleId: rule.id,
        metric: rule.metric,
        threshold: rule.threshold,
        durationSeconds: rule.durationSeconds,
      },
    });
    return true;
  }

  async function recover(rule: AlertRule, reason: string, at: Date): Promise<boolean> {
    const closed = await closeIncidents(options.sql, rule, reason, at);
    if (closed.length === 0) return false;
    options.log.info('alert resolved', { rule: rule.name, reason });
    for (const incidentId of closed)
      await notify(options.sql, {
        groupKey: `incident:${incidentId}`,
        kind: 'resolved',
        title: `Resolved: ${rule.name}`,
        body: reason,
        channelIds: rule.channelIds,
        payload: { incidentId, alertRuleId: rule.id, metric: rule.metric },
      });
    return true;
  }

  async function pass(): Promise<RuleOutcome[]> {
    const at = now();
    const rules = (await listRules(options.sql)).filter((rule) => rule.enabled || rule.firing);
    const wantsContainers = rules.some((rule) => rule.enabled && !isHostMetric(rule.metric));
    const containers = wantsContainers ? await readContainers() : null;
    if (containers) watch.observe(containers, at.getTime());

    const outcomes: RuleOutcome[] = [];
    for (const rule of rules) {
      let judgement: Judgement;
      if (!rule.enabled) judgement = { state: 'clear', reason: 'The rule was disabled.' };
      else if (isHostMetric(rule.metric)) judgement = await judgeHost({ ...rule, metric: rule.metric }, at);
      // Without an answer from the engine nothing is known: neither fire nor resolve.
      else if (!containers) judgement = { state: 'undecided', reason: 'the container engine is unreachable' };
      else judgement = judgeContainers(rule, at.getTime());

      let change: RuleOutcome['change'] = null;
      if (judgement.state === 'breach' && !rule.firing && (await fire(rule, judgement.reason, at)))
        change = 'opened';
      if (judgement.state === 'clear' && rule.firing && (await recover(rule, judgement.reason, at)))
        change = 'resolved';
      const firing = change === 'opened' || (rule.firing && change !== 'resolved');
      outcomes.push({ id: rule.id, name: rule.name, firing, change, reason: judgement.reason });
    }
    return outcomes;
  }

  return {
    evaluate() {
      running ??= pass().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
