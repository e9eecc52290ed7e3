/** Shown for a path no page owns. */
import { A } from '@solidjs/router';
import { usePageTitle } from '../../lib/title';
import { EmptyState } from '../../ui/EmptyState';

export default function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <div class="glass-panel p-6">
      <h1 class="sr-only">Page not found</h1>
      <EmptyState
        title="Lost in space"
        icon="i-ph-compass"
        action={
          <A href="/" class="btn-primary mt-2">
            Back to the overview
          </A>
        }
      >
        There is no page at this address.
      </EmptyState>
    </div>
  );
}
