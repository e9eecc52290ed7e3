/** The fields of one monitor type in the editor; every field's message comes from `error(key)`, the API's or the page's. */
import { Match, Show, Switch } from 'solid-js';
import { CheckboxField, Field, SelectField, TextAreaField } from '../../ui/Field';
import { dnsRecordTypes, type EditorState, httpMethods } from './editor-config';

export interface TypeFieldsProps {
  state: EditorState;
  set: <K extends keyof EditorState>(key: K, value: EditorState[K]) => void;
  error: (key: string) => string | undefined;
  /** Editing a saved database monitor: its URL as the API shows it, password masked. */
  savedUrl?: string | undefined;
}

const grid = 'grid gap-4 sm:grid-cols-2';

export function TypeFields(props: TypeFieldsProps) {
  const s = () => props.state;
  const text = (key: keyof EditorState) => (event: { currentTarget: { value: string } }) =>
    props.set(key, event.currentTarget.value as never);
  return (
    <Switch>
      <Match when={s().type === 'http'}>
        <div class="flex flex-col gap-4">
          <div class="grid gap-4 sm:grid-cols-[8rem_1fr]">
            <SelectField
              label="Method"
              value={s().method}
              onChange={(value) => props.set('method', value as EditorState['method'])}
              options={httpMethods.map((m) => ({ value: m, label: m }))}
              error={props.error('config.method')}
            />
            <Field
              label="URL"
              type="url"
              placeholder="https://rig-city.com/health"
              value={s().url}
              onInput={text('url')}
              error={props.error('config.url')}
            />
          </div>
          <div class={grid}>
            <TextAreaField
              label="Headers"
              rows={3}
              placeholder={'Authorization: Bearer …\nAccept: application/json'}
              hint="One a line, as Name: value."
              value={s().headers}
              onInput={text('headers')}
              error={props.error('config.headers')}
            />
            <Show when={s().method !== 'GET' && s().method !== 'HEAD'}>
              <TextAreaField
                label="Body"
                rows={3}
                value={s().body}
                onInput={text('body')}
                error={props.error('config.body')}
              />
            </Show>
          </div>
          <div class={grid}>
            <Field
              label="Expected status"
              hint="Codes or ranges, separated by commas: 200-299, 301"
              value={s().expectedStatus}
              onInput={text('expectedStatus')}
              error={props.error('config.expectedStatus')}
            />
            <Field
              label="Keyword"
              hint="The body must contain this text (optional)."
              value={s().keyword}
              onInput={text('keyword')}
              error={props.error('config.keyword')}
            />
          </div>
          <CheckboxField
            label="Down when the keyword is found, rather than missing"
            checked={s().invertKeyword}
            onChange={(on) => props.set('invertKeyword', on)}
          />
          <div class={grid}>
            <Field
              label="JSON path"
              placeholder="$.status"
              hint="Optional: a value in a JSON body to compare."
              value={s().jsonPath}
              onInput={text('jsonPath')}
              error={props.error('config.jsonPath')}
            />
            <Field
              label="JSON value"
              placeholder="ok"
              value={s().jsonValue}
              onInput={text('jsonValue')}
              error={props.error('config.jsonValue')}
            />
          </div>
          <div class={grid}>
            <CheckboxField
              label="Follow redirects"
              checked={s().followRedirects}
              onChange={(on) => props.set('followRedirects', on)}
            />
            <Show when={s().followRedirects}>
              <Field
                label="Most redirects"
                type="number"
                min="0"
                max="20"
                value={s().maxRedirects}
                onInput={text('maxRedirects')}
                error={props.error('config.maxRedirects')}
              />
            </Show>
          </div>
          <CheckboxField
            label="Ignore TLS errors"
            hint="For self-signed certificates; a TLS monitor still watches expiry."
            checked={s().ignoreTls}
            onChange={(on) => props.set('ignoreTls', on)}
          />
        </div>
      </Match>
      <Match when={s().type === 'tls'}>
        <div class={grid}>
          <Field
            label="Host"
            placeholder="evindrake.net"
            value={s().host}
            onInput={text('host')}
            error={props.error('config.host')}
          />
          <Field
            label="Port"
            type="number"
            placeholder="443"
            value={s().port}
            onInput={text('port')}
            error={props.error('config.port')}
          />
          <Field
            label="Certificate name"
            hint="The name the certificate must cover; the host when empty."
            value={s().servername}
            onInput={text('servername')}
            error={props.error('config.servername')}
          />
          <Field
            label="Warn days before expiry"
            type="number"
            min="1"
            max="365"
            value={s().expiryDays}
            onInput={text('expiryDays')}
            error={props.error('config.expiryDays')}
          />
        </div>
      </Match>
      <Match when={s().type === 'dns'}>
        <div class="flex flex-col gap-4">
          <div class={grid}>
            <Field
              label="Name"
              placeholder="scarletredjoker.com"
              value={s().dnsName}
              onInput={text('dnsName')}
              error={props.error('config.name')}
            />
            <SelectField
              label="Record type"
              value={s().recordType}
              onChange={(value) => props.set('recordType', value as EditorState['recordType'])}
              options={dnsRecordTypes.map((t) => ({ value: t, label: t }))}
              error={props.error('config.recordType')}
            />
          </div>
          <TextAreaField
            label="Expected answers"
            rows={2}
            hint="One a line; every one must be among the answers. Empty: any answer will do."
            value={s().expected}
            onInput={text('expected')}
            error={props.error('config.expected')}
          />
          <Show when={s().recordType === 'A'}>
            <CheckboxField
              label="Must match this server's public IP"
              hint="As dynamic DNS sees it: catches a record left behind after the IP changed."
              checked={s().matchPublicIp}
              onChange={(on) => props.set('matchPublicIp', on)}
            />
          </Show>
          <Field
            label="Resolver"
            placeholder="1.1.1.1 or 9.9.9.9:53"
            hint="The system resolver when empty."
            value={s().resolver}
            onInput={text('resolver')}
            error={props.error('config.resolver')}
          />
        </div>
      </Match>
      <Match when={s().type === 'tcp'}>
        <div class={grid}>
          <Field label="Host" value={s().host} onInput={text('host')} error={props.error('config.host')} />
          <Field
            label="Port"
            type="number"
            value={s().port}
            onInput={text('port')}
            error={props.error('config.port')}
          />
        </div>
      </Match>
      <Match when={s().type === 'container'}>
        <Field
          label="Container"
          hint="Its name or id; down when it is not running or its health check fails."
          value={s().container}
          onInput={text('container')}
          error={props.error('config.container')}
        />
      </Match>
      <Match when={s().type === 'postgres' || s().type === 'redis'}>
        <Field
          label="Connection URL"
          type="password"
          autocomplete="off"
          placeholder={
            s().type === 'postgres' ? 'postgres://user:password@host:5432/db' : 'redis://:password@host:6379'
          }
          hint={
            props.savedUrl
              ? `Saved as ${props.savedUrl}. The password is never shown: enter the whole URL again to save.`
              : 'Stored encrypted; it is never shown again.'
          }
          value={s().url}
          onInput={text('url')}
          error={props.error('config.url')}
        />
      </Match>
      <Match when={s().type === 'push'}>
        <p class="text-sm text-ink-muted">
          Nothing to set: once saved, the monitor has a push URL for n8n, a cron job or a script to call.
          Silence for longer than the interval marks it down.
        </p>
      </Match>
    </Switch>
  );
}
