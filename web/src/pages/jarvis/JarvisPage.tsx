/**
 * /jarvis and /jarvis/:id: the conversations with Jarvis (chats and the investigations incidents
 * started) beside the open one, or the box that starts a new one.
 */
import { A, useParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { formatRelative } from '../../lib/format';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { Badge } from '../../ui/Badge';
import { Card } from '../../ui/Card';
import { LoadState } from '../../ui/LoadState';
import { createLoaded } from '../monitoring/load';
import { AskJarvis } from './AskJarvis';
import { listConversations } from './api';
import { ChatView } from './ChatView';
import { JarvisHeader } from './JarvisHeader';
import { conversationStateLook } from './labels';

const originIcon = { chat: 'i-ph-chat-circle', incident: 'i-ph-siren', analyzer: 'i-ph-package' } as const;

export default function JarvisPage() {
  usePageTitle('Jarvis');
  const params = useParams<{ id?: string }>();
  const conversations = createLoaded(listConversations);
  // Investigations start on their own and change state while the page is open.
  pollWhileVisible(() => conversations.reload(), pollMs);

  return (
    <div class="flex flex-col gap-6">
      <JarvisHeader
        title="Jarvis"
        description="Your homelab copilot: it reads freely, and asks before it changes anything you have not allowed."
      />
      <div class="flex flex-col gap-4 lg:flex-row lg:items-start">
        <Card title="Conversations" icon="i-ph-list" class="lg:w-80 lg:shrink-0">
          <A href="/jarvis" class="btn-ghost btn-sm self-start">
            <span class="i-ph-plus" aria-hidden="true" />
            New conversation
          </A>
          <LoadState
            load={conversations}
            what="conversations"
            empty={{
              title: 'No conversations yet',
              icon: 'i-ph-chats-circle',
              body: 'Ask Jarvis anything about your homelab; incidents start their own.',
            }}
          >
            {(list) => (
              <ul class="flex flex-col gap-1" aria-label="Conversations">
                <For each={list}>
                  {(c) => (
                    <li>
                      <A
                        href={`/jarvis/${c.id}`}
                        class="flex flex-col gap-1 rounded-control px-3 py-2 text-sm text-ink hover:bg-space-700"
                        activeClass="bg-space-700"
                      >
                        <span class="flex items-center gap-2">
                          <span class={`${originIcon[c.origin]} text-violet-300`} aria-hidden="true" />
                          <span class="truncate font-medium">{c.title}</span>
                        </span>
                        <span class="flex items-center gap-2 text-xs text-ink-muted">
                          <Show when={c.state !== 'idle'}>
                            <Badge tone={conversationStateLook[c.state].tone}>
                              {conversationStateLook[c.state].text}
                            </Badge>
                          </Show>
                          {formatRelative(c.updatedAt)}
                        </span>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </LoadState>
        </Card>
        <Show
          when={params.id}
          keyed
          fallback={
            <Card title="New conversation" icon="i-ph-sparkle" class="min-w-0 flex-1">
              <AskJarvis />
              <p class="text-sm text-ink-muted">
                Jarvis looks at logs, stats, monitors, DNS and certificates on its own. Restarting or removing
                anything waits for your approval unless you granted autonomy for it.
              </p>
            </Card>
          }
        >
          {(id) => <ChatView id={id} onStateChange={() => conversations.reload()} />}
        </Show>
      </div>
    </div>
  );
}
