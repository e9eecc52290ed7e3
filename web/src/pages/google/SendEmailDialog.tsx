/** "Send notification email": a plain-text message from the linked account, to the owner by default. */
import { createSignal } from 'solid-js';
import { Field, TextAreaField } from '../../ui/Field';
import { createSaveForm, FormDialog } from '../../ui/FormDialog';
import { sendNotificationEmail } from './api';

const fields = ['to', 'subject', 'body'] as const;
const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

export function SendEmailDialog(props: { defaultTo: string; onClose: () => void; onSent: () => void }) {
  const [to, setTo] = createSignal(props.defaultTo);
  const [subject, setSubject] = createSignal('');
  const [body, setBody] = createSignal('');

  const form = createSaveForm({
    failure: 'Could not send the email.',
    fields,
    checks: () => ({
      to: looksLikeEmail(to().trim()) ? null : 'Enter one email address.',
      subject: !subject().trim()
        ? 'Give it a subject.'
        : /[\r\n]/.test(subject())
          ? 'Line breaks are not allowed in the subject.'
          : null,
      body: null,
    }),
    save: async () => {
      await sendNotificationEmail({ to: to().trim(), subject: subject().trim(), body: body() });
      return `Email sent to ${to().trim()}`;
    },
    onSaved: props.onSent,
    onClose: props.onClose,
  });

  return (
    <FormDialog
      form={form}
      title="Send notification email"
      failureTitle="Could not send the email"
      submitLabel="Send email"
      onClose={props.onClose}
    >
      <Field label="To" type="email" autocomplete="email" {...form.bind('to', to, setTo)} />
      <Field label="Subject" maxLength={200} data-autofocus {...form.bind('subject', subject, setSubject)} />
      <TextAreaField
        label="Message"
        hint="Plain text; sent from the connected Google account."
        rows={6}
        maxLength={10000}
        {...form.bind('body', body, setBody)}
      />
    </FormDialog>
  );
}
