/** /studio/games: the mini-games on the currency, each switched on or off and explained. */
import { createSignal, type JSX, Show } from 'solid-js';
import { usePageTitle } from '../../lib/title';
import { createApiForm, FormError } from '../../ui/ApiForm';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { CheckboxField, Field } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { PageHeader } from '../../ui/PageHeader';
import { toast } from '../../ui/Toast';
import type { BotSettings } from './api';
import { createBotSettings, numberIn, wholeIn } from './components/settings';

export default function GamesPage() {
  usePageTitle('Games');
  const settings = createBotSettings();
  return (
    <div class="flex flex-col gap-6">
      <PageHeader
        title="Games"
        description="Mini-games viewers play in chat with their currency. A bet is taken first, so nobody can bet more than they have."
      />
      <LoadState load={settings.load} what="game settings" lines={8}>
        {(loaded) => <GamesForm initial={loaded} save={(games) => settings.save('games', games)} />}
      </LoadState>
    </div>
  );
}

function GamesForm(props: { initial: BotSettings; save: (games: BotSettings['games']) => Promise<unknown> }) {
  const g = props.initial.games;
  const currency = props.initial.currency.name;
  const form = createApiForm({ failure: 'Could not save the game settings.', fields: [] });
  const [enabled, setEnabled] = createSignal(g.enabled);
  const [cooldown, setCooldown] = createSignal(String(g.cooldownS));
  const [minBet, setMinBet] = createSignal(String(g.minBet));
  const [maxBet, setMaxBet] = createSignal(String(g.maxBet));
  const [duelOn, setDuelOn] = createSignal(g.duel.enabled);
  const [acceptS, setAcceptS] = createSignal(String(g.duel.acceptS));
  const [rouletteOn, setRouletteOn] = createSignal(g.roulette.enabled);
  const [winPercent, setWinPercent] = createSignal(String(Math.round(g.roulette.winChance * 100)));
  const [slotsOn, setSlotsOn] = createSignal(g.slots.enabled);
  const [symbols, setSymbols] = createSignal(g.slots.symbols.join(' '));
  const [heistOn, setHeistOn] = createSignal(g.heist.enabled);
  const [joinS, setJoinS] = createSignal(String(g.heist.joinS));
  const [minPlayers, setMinPlayers] = createSignal(String(g.heist.minPlayers));

  const symbolList = () => symbols().split(/\s+/).filter(Boolean);
  const local = () => {
    const min = wholeIn(minBet(), 1);
    const max = wholeIn(maxBet(), 1);
    return {
      cooldown: wholeIn(cooldown(), 0, 3_600) === null ? 'From 0 to 3600 seconds' : null,
      minBet: min === null ? 'A whole number, at least 1' : null,
      maxBet:
        max === null
          ? 'A whole number, at least 1'
          : min !== null && max < min
            ? 'At least the smallest bet'
            : null,
      acceptS: wholeIn(acceptS(), 0, 300) === null ? 'From 0 to 300 seconds' : null,
      winPercent: numberIn(winPercent(), 0, 100) === null ? 'From 0 to 100 %' : null,
      symbols:
        symbolList().length < 3 || symbolList().length > 10 || symbolList().some((s) => s.length > 16)
          ? '3 to 10 symbols, separated by spaces'
          : null,
      joinS: wholeIn(joinS(), 0, 600) === null ? 'From 0 to 600 seconds' : null,
      minPlayers: wholeIn(minPlayers(), 1, 100) === null ? 'From 1 to 100' : null,
    };
  };
  const submit = form.handleSubmit(
    async () => {
      await props.save({
        enabled: enabled(),
        cooldownS: Number(cooldown()),
        minBet: Number(minBet()),
        maxBet: Number(maxBet()),
        duel: { enabled: duelOn(), acceptS: Number(acceptS()) },
        roulette: { enabled: rouletteOn(), winChance: Number(winPercent()) / 100 },
        slots: { enabled: slotsOn(), symbols: symbolList() },
        heist: { enabled: heistOn(), joinS: Number(joinS()), minPlayers: Number(minPlayers()) },
      });
      toast('Game settings saved');
    },
    { invalid: () => Object.values(local()).some(Boolean) },
  );
  const field = (
    label: string,
    value: () => string,
    set: (v: string) => void,
    error: keyof ReturnType<typeof local>,
    extra: { hint?: JSX.Element; min?: string; max?: string } = {},
  ) => (
    <Field
      label={label}
      type="number"
      hint={extra.hint}
      min={extra.min}
      max={extra.max}
      value={value()}
      onInput={(e) => set(e.currentTarget.value)}
      error={form.fieldError(error, local()[error])}
    />
  );

  return (
    <form class="flex flex-col gap-6" onSubmit={submit} noValidate>
      <FormError form={form} title="Could not save the game settings" />
      <Show when={!props.initial.currency.enabled}>
        <p class="text-sm text-warn-300">
          The currency is off, so the games stay quiet until you switch it on.
        </p>
      </Show>
      <Card title="All games" icon="i-ph-game-controller">
        <CheckboxField label="Games on" checked={enabled()} onChange={setEnabled} />
        <div class="grid gap-4 sm:grid-cols-3">
          {field('Cooldown per viewer (seconds)', cooldown, setCooldown, 'cooldown', {
            hint: 'How long a viewer waits between games',
            min: '0',
            max: '3600',
          })}
          {field(`Smallest bet (${currency})`, minBet, setMinBet, 'minBet', { min: '1' })}
          {field(`Largest bet (${currency})`, maxBet, setMaxBet, 'maxBet', { min: '1' })}
        </div>
      </Card>
      <Card title="Duel" icon="i-ph-sword">
        <p class="text-sm text-ink-muted">
          <code>!duel @friend 100</code> challenges a viewer. They answer <code>!accept</code> or{' '}
          <code>!deny</code>; on accept both bet the same amount, a fair coin picks the winner, who takes both
          bets.
        </p>
        <CheckboxField label="Duel on" checked={duelOn()} onChange={setDuelOn} />
        {field('Time to answer (seconds)', acceptS, setAcceptS, 'acceptS', { min: '0', max: '300' })}
      </Card>
      <Card title="Roulette" icon="i-ph-circle-half">
        <p class="text-sm text-ink-muted">
          <code>!roulette 100</code>: with the chance below the viewer gets their bet back doubled, otherwise
          they lose it.
        </p>
        <CheckboxField label="Roulette on" checked={rouletteOn()} onChange={setRouletteOn} />
        {field('Chance to win (%)', winPercent, setWinPercent, 'winPercent', {
          hint: '50 % is a fair game; less keeps currency scarce',
          min: '0',
          max: '100',
        })}
      </Card>
      <Card title="Slots" icon="i-ph-dice-five">
        <p class="text-sm text-ink-muted">
          <code>!slots 100</code> spins three reels. Three alike pay 10 times the bet, two alike pay 2 times,
          otherwise the bet is lost. Fewer symbols make matches likelier.
        </p>
        <CheckboxField label="Slots on" checked={slotsOn()} onChange={setSlotsOn} />
        <Field
          label="Symbols"
          hint="3 to 10, separated by spaces (emoji work)"
          value={symbols()}
          onInput={(e) => setSymbols(e.currentTarget.value)}
          error={form.fieldError('symbols', local().symbols)}
        />
      </Card>
      <Card title="Heist" icon="i-ph-vault">
        <p class="text-sm text-ink-muted">
          <code>!heist 100</code> starts a heist or joins the one gathering. When the gathering time is up,
          each member gets away with a chance that starts at 75 % and drops 5 points for every extra member
          (never below 35 %), and wins 1.5 to 2 times their bet; the others lose it. Too few members and
          everyone gets their bet back.
        </p>
        <CheckboxField label="Heist on" checked={heistOn()} onChange={setHeistOn} />
        <div class="grid gap-4 sm:grid-cols-2">
          {field('Gathering time (seconds)', joinS, setJoinS, 'joinS', { min: '0', max: '600' })}
          {field('Fewest members', minPlayers, setMinPlayers, 'minPlayers', { min: '1', max: '100' })}
        </div>
      </Card>
      <div class="flex justify-end">
        <Button type="submit" variant="primary" icon="i-ph-check" busy={form.busy()}>
          Save game settings
        </Button>
      </div>
    </form>
  );
}
