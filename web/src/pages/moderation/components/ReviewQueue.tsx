/**
 * The AI's borderline calls: scored below a threshold but above "review from", so nothing happened
 * in chat. Approve confirms the call; undo clears it and allows the message's phrase from now on.
 */
import { Card } from '../../../ui/Card';
import { LoadState } from '../../../ui/LoadState';
import { createLoaded } from '../../monitoring/load';
import { listActions, type ModAction } from '../api';
import { ActionsTable } from './ActionsTable';

export function ReviewQueue() {
  const queue = createLoaded(() => listActions({ state: 'review' }));
  // A reviewed row leaves the queue.
  const settle = (next: ModAction) =>
    queue.setValue((page) => page && { ...page, actions: page.actions.filter((a) => a.id !== next.id) });
  return (
    <Card title="Review queue" icon="i-ph-eye">
      <LoadState
        load={queue}
        what="review queue"
        isEmpty={(page) => page.actions.length === 0}
        empty={{
          title: 'Nothing to review',
          icon: 'i-ph-check-circle',
          body: 'Messages the AI was unsure about wait here for a moderator.',
        }}
      >
        {(page) => (
          <ActionsTable caption="Messages waiting for review" actions={page.actions} onChanged={settle} />
        )}
      </LoadState>
    </Card>
  );
}
