/** Everything moderation did, newest first, filtered by state, rule or viewer, with more pages. */
import { createSignal } from 'solid-js';
import { Card } from '../../../ui/Card';
import { createDebounced } from '../../../ui/debounce';
import { Field, SelectField } from '../../../ui/Field';
import { LoadState } from '../../../ui/LoadState';
import { ShowMore } from '../../../ui/ShowMore';
import { createLoaded } from '../../monitoring/load';
import { type ActionQuery, listActions, type ModAction } from '../api';
import { ActionsTable } from './ActionsTable';

const stateOptions = [
  { value: '', label: 'Any state' },
  { value: 'done', label: 'Done' },
  { value: 'failed', label: 'Failed' },
  { value: 'approved', label: 'Approved' },
  { value: 'undone', label: 'Undone' },
] as const;

export function ActionLog() {
  const [state, setState] = createSignal('');
  const [rule, setRule] = createSignal('');
  const [user, setUser] = createSignal('');
  const query = (): ActionQuery => ({
    state: (state() || undefined) as ActionQuery['state'],
    rule: rule().trim(),
    user: user().trim(),
  });
  const log = createLoaded(() => listActions(query()));
  const later = createDebounced(() => void log.reload());
  const replace = (next: ModAction) =>
    log.setValue(
      (page) => page && { ...page, actions: page.actions.map((a) => (a.id === next.id ? next : a)) },
    );
  return (
    <Card title="Moderation log" icon="i-ph-list-checks">
      <div class="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="State"
          value={state()}
          options={stateOptions}
          onChange={(v) => {
            setState(v);
            void log.reload();
          }}
        />
        <Field
          label="Rule"
          placeholder="links, caps, ai:hate…"
          value={rule()}
          onInput={(e) => {
            setRule(e.currentTarget.value);
            later();
          }}
        />
        <Field
          label="Viewer"
          type="search"
          placeholder="Name as shown in chat"
          value={user()}
          onInput={(e) => {
            setUser(e.currentTarget.value);
            later();
          }}
        />
      </div>
      <LoadState
        load={log}
        what="moderation log"
        isEmpty={(page) => page.actions.length === 0}
        empty={{
          title: 'Nothing moderated',
          icon: 'i-ph-shield-check',
          body: 'Actions the bot takes appear here with the rule, the message and the score.',
        }}
      >
        {(page) => (
          <>
            <ActionsTable
              caption="Moderation actions, newest first"
              actions={page.actions}
              onChanged={replace}
            />
            <ShowMore
              load={log}
              fetchPage={(cursor) => listActions({ ...query(), cursor })}
              append={(loaded, next) => ({ ...next, actions: [...loaded.actions, ...next.actions] })}
              failure="Could not load more actions"
            />
          </>
        )}
      </LoadState>
    </Card>
  );
}
