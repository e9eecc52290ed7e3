/**
 * Creates an API key, then shows its token exactly once with a copy button: the server stores
 * only a hash, so a token not copied now is gone for good.
 */
import { createSignal, Show } from 'solid-js';
import { api, unwrap } from '../../api/client';
import type { ApiKeyScope } from '../../api/types';
import { ApiForm, createApiForm } from '../../ui/ApiForm';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { Field, SelectField } from '../../ui/Field';
import { toast } from '../../ui/Toast';

const scopes = [
  { value: 'read', label: 'Read: view status and metrics' },
  { value: 'write', label: 'Write: also change things' },
  { value: 'admin', label: 'Admin: also manage users and keys' },
] as const;

const expiries = [
  { value: '', label: 'Never expires' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
] as const;

export function CreateKeyDialog(props: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const [name, setName] = createSignal('');
  const [scope, setScope] = createSignal<ApiKeyScope>('read');
  const [expiry, setExpiry] = createSignal('90');
  const [token, setToken] = createSignal<string | null>(null);
  const [copied, setCopied] = createSignal(false);
  const form = createApiForm({ failure: 'Could not create the key.', fields: ['name'] });

  const nameError = () =>
    form.fieldError('name', name().trim() ? null : 'Give the key a name you will recognise.');

  const close = () => {
    setName('');
    setScope('read');
    setExpiry('90');
    form.reset();
    setToken(null);
    setCopied(false);
    props.onClose();
  };

  const submit = form.handleSubmit(
    async () => {
      const created = await unwrap(
        api.api['api-keys'].$post({
          json: {
            name: name().trim(),
            scope: scope(),
            ...(expiry() ? { expiresInDays: Number(expiry()) } : {}),
          },
        }),
      );
      setToken(created.token);
      // The form (and the focused submit button) is gone; put focus on the one thing to do next.
      copyButton?.focus();
      props.onCreated();
    },
    { invalid: nameError },
  );

  let tokenInput!: HTMLInputElement;
  let copyButton: HTMLButtonElement | undefined;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token() ?? '');
      setCopied(true);
      toast('Token copied to the clipboard');
    } catch {
      // Clipboard access needs HTTPS or localhost; selecting the text lets Ctrl+C do it instead.
      tokenInput.select();
      toast('Copy blocked by the browser: the token is selected, press Ctrl+C', 'info');
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={close}
      locked={form.busy()}
      title={token() ? 'Copy your new API key' : 'Create an API key'}
      description={token() ? undefined : 'Keys let scripts and the homelab CLI call the API as you.'}
    >
      <Show
        when={token()}
        fallback={
          <ApiForm
            form={form}
            onSubmit={submit}
            failureTitle="Could not create the key"
            submitLabel="Create key"
            submitIcon="i-ph-key"
            onCancel={close}
          >
            <Field
              label="Name"
              placeholder="e.g. backup script"
              maxLength={64}
              required
              data-autofocus
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              error={nameError()}
            />
            <SelectField
              label="Scope"
              value={scope()}
              onChange={(v) => setScope(v as ApiKeyScope)}
              options={scopes}
              error={form.error()?.fields.scope}
            />
            <SelectField
              label="Expires"
              value={expiry()}
              onChange={setExpiry}
              options={expiries}
              hint="A key that expires limits the damage if it leaks."
              error={form.error()?.fields.expiresInDays}
            />
          </ApiForm>
        }
      >
        <Banner tone="warn" title="This token is shown only once">
          Store it somewhere safe now (a password manager). HomeLabHub keeps only a hash and cannot show it
          again; if you lose it, revoke the key and create a new one.
        </Banner>
        <div class="flex flex-col gap-1.5">
          <label for="new-api-token" class="text-sm font-medium text-ink">
            API token
          </label>
          <div class="flex gap-2">
            <input
              ref={tokenInput}
              id="new-api-token"
              class="input-field font-mono text-sm"
              readOnly
              value={token() ?? ''}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button
              ref={copyButton}
              variant="primary"
              icon={copied() ? 'i-ph-check' : 'i-ph-copy'}
              onClick={copy}
            >
              {copied() ? 'Copied' : 'Copy'}
            </Button>
          </div>
        </div>
        <div class="flex justify-end">
          <Button onClick={close}>Done</Button>
        </div>
      </Show>
    </Dialog>
  );
}
