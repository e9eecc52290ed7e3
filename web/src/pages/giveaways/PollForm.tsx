/** Opening a poll or a bet: the question and 2 to 10 options, one per line. */
import { createSignal } from 'solid-js';
import { ApiError } from '../../api/client';
import { Button } from '../../ui/Button';
import { Field, SelectField } from '../../ui/Field';
import { createPoll, type Poll } from './api';

export function PollForm(props: { onCreated: (poll: Poll) => void }) {
  const [kind, setKind] = createSignal<'poll' | 'bet'>('poll');
  const [question, setQuestion] = createSignal('');
  const [options, setOptions] = createSignal('');
  const [errors, setErrors] = createSignal<{ question?: string; options?: string }>({});
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<string | null>(null);
  const optionsId = 'poll-options';

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const list = options()
      .split('\n')
      .map((o) => o.trim())
      .filter(Boolean);
    const found: { question?: string; options?: string } = {};
    if (!question().trim()) found.question = 'Ask a question';
    if (list.length < 2 || list.length > 10) found.options = 'Give 2 to 10 options, one per line';
    else if (list.some((o) => o.length > 100)) found.options = 'An option holds at most 100 characters';
    setErrors(found);
    if (found.question || found.options) return;
    setBusy(true);
    setFailure(null);
    try {
      props.onCreated(await createPoll({ kind: kind(), question: question().trim(), options: list }));
      setQuestion('');
      setOptions('');
    } catch (err) {
      setFailure(err instanceof ApiError ? err.message : 'It could not be opened. Try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="flex flex-col gap-4" onSubmit={submit} aria-label="Open a poll or bet" novalidate>
      <SelectField
        label="Kind"
        value={kind()}
        onChange={(v) => setKind(v as 'poll' | 'bet')}
        options={[
          { value: 'poll', label: 'Poll (viewers vote)' },
          { value: 'bet', label: 'Bet (viewers stake currency)' },
        ]}
      />
      <Field
        label="Question"
        value={question()}
        onInput={(e) => setQuestion(e.currentTarget.value)}
        error={errors().question}
      />
      <div class="flex flex-col gap-1">
        <label for={optionsId} class="text-sm font-medium">
          Options (one per line)
        </label>
        <textarea
          id={optionsId}
          rows={4}
          class="rounded-control border border-space-600 bg-space-800 p-2"
          value={options()}
          onInput={(e) => setOptions(e.currentTarget.value)}
          aria-invalid={errors().options ? 'true' : undefined}
          aria-describedby={errors().options ? `${optionsId}-error` : undefined}
        />
        {errors().options && (
          <p id={`${optionsId}-error`} class="text-sm text-danger-300">
            {errors().options}
          </p>
        )}
      </div>
      {failure() && (
        <p role="alert" class="text-danger-300">
          {failure()}
        </p>
      )}
      <div>
        <Button type="submit" variant="primary" busy={busy()}>
          Open {kind()}
        </Button>
      </div>
    </form>
  );
}
