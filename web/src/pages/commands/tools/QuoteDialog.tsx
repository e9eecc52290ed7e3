/** Add and Edit of a quote: its text, who said it and the game it was said in. */
import { createSignal } from 'solid-js';
import { Field, TextAreaField } from '../../../ui/Field';
import { createSaveForm, FormDialog } from '../../../ui/FormDialog';
import { addQuote, type BotQuote, editQuote, type QuoteInput } from '../tools-api';

export function QuoteDialog(props: { quote: BotQuote | null; onClose: () => void; onSaved: () => void }) {
  const q = props.quote;
  const [text, setText] = createSignal(q?.text ?? '');
  const [author, setAuthor] = createSignal(q?.author ?? '');
  const [game, setGame] = createSignal(q?.game ?? '');

  const form = createSaveForm({
    failure: 'Could not save the quote.',
    fields: ['text', 'author', 'game'],
    checks: () => ({
      text: !text().trim() ? 'Write the quote' : text().trim().length > 400 ? 'At most 400 characters' : null,
      author: author().trim().length > 60 ? 'At most 60 characters' : null,
      game: game().trim().length > 100 ? 'At most 100 characters' : null,
    }),
    save: async () => {
      const input: QuoteInput = {
        text: text().trim(),
        author: author().trim() || null,
        game: game().trim() || null,
      };
      const saved = q ? await editQuote(q.id, input) : await addQuote(input);
      return q ? `Quote #${saved.number} saved` : `Quote #${saved.number} added`;
    },
    onSaved: () => props.onSaved(),
    onClose: () => props.onClose(),
  });

  return (
    <FormDialog
      form={form}
      title={q ? `Edit quote #${q.number}` : 'New quote'}
      failureTitle="Could not save the quote"
      submitLabel={q ? 'Save quote' : 'Add quote'}
      onClose={props.onClose}
    >
      <TextAreaField
        label="Quote"
        hint={`${text().length}/400`}
        maxLength={400}
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
        error={form.errorOf('text')}
      />
      <div class="grid gap-4 sm:grid-cols-2">
        <Field
          label="Author"
          hint="Who said it (optional)"
          maxLength={60}
          value={author()}
          onInput={(e) => setAuthor(e.currentTarget.value)}
          error={form.errorOf('author')}
        />
        <Field
          label="Game"
          hint="What was being played (optional)"
          maxLength={100}
          value={game()}
          onInput={(e) => setGame(e.currentTarget.value)}
          error={form.errorOf('game')}
        />
      </div>
    </FormDialog>
  );
}
