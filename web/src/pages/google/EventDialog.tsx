/** "New event": a title and a start and end in the browser's time zone, checked here and again by the API. */
import { createSignal } from 'solid-js';
import { Field, TextAreaField } from '../../ui/Field';
import { createSaveForm, FormDialog } from '../../ui/FormDialog';
import { createCalendarEvent } from './api';
import { localInputValue, nextFullHour } from './calendar';

const fields = ['title', 'start', 'end', 'location', 'description', 'calendarId'] as const;

const parseLocal = (value: string) => {
  const at = value ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
};

export function EventDialog(props: { onClose: () => void; onSaved: () => void }) {
  const start = nextFullHour();
  const [title, setTitle] = createSignal('');
  const [from, setFrom] = createSignal(localInputValue(start));
  const [to, setTo] = createSignal(localInputValue(new Date(start.getTime() + 3_600_000)));
  const [location, setLocation] = createSignal('');
  const [description, setDescription] = createSignal('');

  const form = createSaveForm({
    failure: 'Could not create the event.',
    fields,
    checks: () => {
      const startAt = parseLocal(from());
      const endAt = parseLocal(to());
      return {
        title: title().trim() ? null : 'Give the event a title.',
        start: startAt ? null : 'Choose when it starts.',
        end: !endAt
          ? 'Choose when it ends.'
          : startAt && endAt <= startAt
            ? 'The end must be after the start.'
            : null,
        location: null,
        description: null,
        calendarId: null,
      };
    },
    save: async () => {
      const event = await createCalendarEvent({
        title: title().trim(),
        start: parseLocal(from())!.toISOString(),
        end: parseLocal(to())!.toISOString(),
        calendarId: 'primary',
        ...(location().trim() ? { location: location().trim() } : {}),
        ...(description().trim() ? { description: description() } : {}),
      });
      return `Added “${event.title}” to ${event.calendarName || 'your calendar'}`;
    },
    onSaved: props.onSaved,
    onClose: props.onClose,
  });

  return (
    <FormDialog
      form={form}
      title="New event"
      failureTitle="Could not create the event"
      submitLabel="Create event"
      onClose={props.onClose}
    >
      <Field label="Title" maxLength={200} data-autofocus {...form.bind('title', title, setTitle)} />
      <div class="grid gap-4 sm:grid-cols-2">
        <Field label="Starts" type="datetime-local" {...form.bind('start', from, setFrom)} />
        <Field label="Ends" type="datetime-local" {...form.bind('end', to, setTo)} />
      </div>
      <Field
        label="Location"
        hint="Optional."
        maxLength={500}
        {...form.bind('location', location, setLocation)}
      />
      <TextAreaField
        label="Description"
        hint="Optional."
        rows={3}
        maxLength={8000}
        {...form.bind('description', description, setDescription)}
      />
      <p class="text-xs text-ink-muted">
        Added to your primary calendar, in this browser’s time zone (
        {Intl.DateTimeFormat().resolvedOptions().timeZone}).
      </p>
    </FormDialog>
  );
}
