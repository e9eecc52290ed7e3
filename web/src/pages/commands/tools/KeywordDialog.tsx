/**
 * Add and Edit of a keyword trigger: the pattern it listens for, the response (in the variable
 * language, with the editor's inline parse error and live preview), who triggers it and how often.
 */
import { createSignal } from 'solid-js';
import { CheckboxField, Field, SelectField } from '../../../ui/Field';
import { createSaveForm, FormDialog } from '../../../ui/FormDialog';
import type { UserLevel } from '../api';
import { wholeUpTo } from '../editor/checks';
import { levelOptions } from '../editor/options';
import { TemplateEditor } from '../editor/TemplateEditor';
import { type BotKeyword, createKeyword, type KeywordInput, updateKeyword } from '../tools-api';

export function KeywordDialog(props: {
  keyword: BotKeyword | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const k = props.keyword;
  const [pattern, setPattern] = createSignal(k?.pattern ?? '');
  const [response, setResponse] = createSignal(k?.response ?? '');
  const [minLevel, setMinLevel] = createSignal<UserLevel>(k?.minLevel ?? 'everyone');
  const [cooldown, setCooldown] = createSignal(String(k?.cooldownS ?? 30));
  const [enabled, setEnabled] = createSignal(k?.enabled ?? true);

  const form = createSaveForm({
    failure: 'Could not save the keyword.',
    fields: ['pattern', 'response', 'response.start', 'response.end', 'cooldownS', 'minLevel'],
    checks: () => {
      const p = pattern().trim();
      return {
        pattern: !p
          ? 'Write a word or phrase'
          : p.length > 100
            ? 'At most 100 characters'
            : !p.replace(/\*/g, '').trim()
              ? 'A pattern needs more than wildcards'
              : null,
        response: response().trim() ? null : 'Write the response',
        cooldownS: wholeUpTo(cooldown(), 86_400) ? null : 'A whole number from 0 to 86400',
      };
    },
    save: async () => {
      const input: KeywordInput = {
        pattern: pattern().trim(),
        response: response().trim(),
        minLevel: minLevel(),
        cooldownS: Number(cooldown()),
        enabled: enabled(),
      };
      const saved = k ? await updateKeyword(k.id, input) : await createKeyword(input);
      return k ? `Keyword “${saved.pattern}” saved` : `Keyword “${saved.pattern}” added`;
    },
    onSaved: () => props.onSaved(),
    onClose: () => props.onClose(),
  });

  return (
    <FormDialog
      form={form}
      size="lg"
      title={k ? `Edit keyword “${k.pattern}”` : 'New keyword'}
      failureTitle="Could not save the keyword"
      submitLabel={k ? 'Save keyword' : 'Add keyword'}
      onClose={props.onClose}
    >
      <Field
        label="Pattern"
        hint={
          <>
            Matched anywhere in a message, as whole words, ignoring case. <code class="font-mono">*</code>{' '}
            stands for any text: <code class="font-mono">when * stream</code> matches “when is the stream”,{' '}
            <code class="font-mono">discord*</code> also matches “discordapp”.
          </>
        }
        maxLength={100}
        value={pattern()}
        onInput={(e) => setPattern(e.currentTarget.value)}
        error={form.errorOf('pattern')}
      />
      <TemplateEditor
        label="Response"
        value={response()}
        onInput={setResponse}
        withArgs={false}
        error={form.errorOf('response')}
      />
      <div class="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Who triggers it"
          value={minLevel()}
          onChange={(v) => setMinLevel(v as UserLevel)}
          options={levelOptions}
        />
        <Field
          label="Cooldown (s)"
          hint="Quiet time after it answers"
          type="number"
          min="0"
          max="86400"
          value={cooldown()}
          onInput={(e) => setCooldown(e.currentTarget.value)}
          error={form.errorOf('cooldownS')}
        />
      </div>
      <CheckboxField label="Enabled" checked={enabled()} onChange={setEnabled} />
    </FormDialog>
  );
}
