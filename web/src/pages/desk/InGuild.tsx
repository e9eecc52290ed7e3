/** Renders a guild page only for a guild in the user's desk; any other id gets a way back. */
import { A } from '@solidjs/router';
import { type JSX, Show } from 'solid-js';
import { EmptyState } from '../../ui/EmptyState';
import { useDeskGuild } from './context';
import type { DeskGuild } from './types';

export function InGuild(props: { children: (guild: DeskGuild) => JSX.Element }) {
  const { guild } = useDeskGuild();
  return (
    <Show
      when={guild()}
      keyed
      fallback={
        <section class="glass-panel p-5">
          <h1 class="sr-only">Guild not found</h1>
          <EmptyState
            title="This guild is not in your ticket desk"
            icon="i-ph-question"
            action={
              <A href="/desk" class="btn-ghost btn-sm">
                Choose a guild
              </A>
            }
          >
            The bot may have left it, or your access changed. Your guild list shows where you can work.
          </EmptyState>
        </section>
      }
    >
      {(guild) => props.children(guild)}
    </Show>
  );
}
