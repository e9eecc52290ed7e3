/** Starting a giveaway: prize, keyword, cost, subscriber luck, level and claim time. */
import { createSignal } from 'solid-js';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { Field, SelectField } from '../../ui/Field';
import { type Giveaway, type GiveawayInput, openGiveaway, type UserLevel } from './api';

const levels: { value: UserLevel; label: string }[] = [
  { value: 'everyone', label: 'Everyone' },
  { value: 'follower', label: 'Followers' },
  { value: 'subscriber', label: 'Subscribers' },
  { value: 'vip', label: 'VIPs' },
  { value: 'moderator', label: 'Moderators' },
];

const whole = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value) : Number.NaN);

export function GiveawayForm(props: { onStarted: (giveaway: Giveaway) => void }) {
  const [prize, setPrize] = createSignal('');
  const [keyword, setKeyword] = createSignal('!enter');
  const [cost, setCost] = createSignal('0');
  const [luck, setLuck] = createSignal('1');
  const [claim, setClaim] = createSignal('60');
  const [level, setLevel] = createSignal<UserLevel>('everyone');
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);

  const check = (): GiveawayInput | null => {
    const found: Record<string, string> = {};
    if (!prize().trim()) found.prize = 'Name the prize';
    if (!/^\S{1,40}$/.test(keyword().trim())) found.keyword = 'One word of up to 40 characters, e.g. !enter';
    if (Number.isNaN(whole(cost()))) found.cost = 'A whole number, 0 for free';
    const l = whole(luck());
    if (Number.isNaN(l) || l < 1 || l > 10) found.luck = 'From 1 to 10';
    const c = whole(claim());
    if (Number.isNaN(c) || c > 86_400) found.claim = 'Seconds, 0 for no limit';
    setErrors(found);
    if (Object.keys(found).length > 0) return null;
    return {
      prize: prize().trim(),
      keyword: keyword().trim(),
      cost: whole(cost()),
      subscriberLuck: l,
      minLevel: level(),
      claimSeconds: c,
    };
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const input = check();
    if (!input) return;
    setBusy(true);
    setFailure(null);
    try {
      props.onStarted(await openGiveaway(input));
    } catch (err) {
      setFailure(err instanceof ApiError ? err.message : 'The giveaway could not be started. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="grid gap-4 sm:grid-cols-2" onSubmit={submit} aria-label="Start a giveaway" novalidate>
      <Field
        label="Prize"
        value={prize()}
        onInput={(e) => setPrize(e.currentTarget.value)}
        error={errors().prize}
      />
      <Field
        label="Keyword"
        value={keyword()}
        onInput={(e) => setKeyword(e.currentTarget.value)}
        error={errors().keyword}
        hint="What viewers type in chat to enter"
      />
      <Field
        label="Cost"
        inputMode="numeric"
        value={cost()}
        onInput={(e) => setCost(e.currentTarget.value)}
        error={errors().cost}
        hint="Currency taken per entry"
      />
      <Field
        label="Subscriber luck"
        inputMode="numeric"
        value={luck()}
        onInput={(e) => setLuck(e.currentTarget.value)}
        error={errors().luck}
        hint="Tickets a subscriber's entry counts for"
      />
      <Field
        label="Claim time (seconds)"
        inputMode="numeric"
        value={claim()}
        onInput={(e) => setClaim(e.currentTarget.value)}
        error={errors().claim}
      />
      <SelectField
        label="Who can enter"
        value={level()}
        onChange={(v) => setLevel(v as UserLevel)}
        options={levels}
      />
      <div class="flex flex-col gap-2 sm:col-span-2">
        {failure() && (
          <p role="alert" class="text-danger-300">
            {failure()}
          </p>
        )}
        <div>
          <Button type="submit" variant="primary" busy={busy()}>
            Start giveaway
          </Button>
        </div>
      </div>
    </form>
  );
}
