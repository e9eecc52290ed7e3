/**
 * /desk/:guildId/tickets/:ticketId: one ticket: who opened it and who has it, the staff actions,
 * what happened so far (notes marked staff-only), the form answers, a reply posted to Discord as
 * the bot, a private note, and the transcript once it is closed.
 */
import { A, useParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { ApiError } from '../../api/client';
import { pollMs, pollWhileVisible } from '../../lib/poll';
import { usePageTitle } from '../../lib/title';
import { createAnnouncer } from '../../ui/Announcer';
import { Badge } from '../../ui/Badge';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Card';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { createConfirmation } from '../../ui/confirmation';
import { TextAreaField } from '../../ui/Field';
import { LoadState } from '../../ui/LoadState';
import { Menu } from '../../ui/Menu';
import { toast } from '../../ui/Toast';
import { createLoaded } from '../monitoring/load';
import { actOnTicket, addTicketNote, getTicket, replyToTicket, transcriptUrl } from './api';
import { useDesk } from './context';
import { InGuild } from './InGuild';
import { priorities, priorityLabels, statusLabels } from './labels';
import { TicketAnswers } from './TicketAnswers';
import { TicketComposer } from './TicketComposer';
import { TicketTimeline } from './TicketTimeline';
import type { DeskGuild, TicketAction, TicketView } from './types';

export default function TicketPage() {
  return <InGuild>{(guild) => <Ticket guild={guild} />}</InGuild>;
}

function Ticket(props: { guild: DeskGuild }) {
  const params = useParams<{ ticketId: string }>();
  const desk = useDesk();
  const announcer = createAnnouncer();
  const view = createLoaded(() => getTicket(props.guild.guildId, params.ticketId));
  usePageTitle(() => {
    const t = view.value()?.ticket;
    return t ? `#${t.number} ${t.subject}` : 'Ticket';
  });
  pollWhileVisible(() => view.reload(), pollMs);

  const [acting, setActing] = createSignal(false);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const act = async (action: TicketAction, done: string) => {
    setActing(true);
    setActionError(null);
    try {
      await actOnTicket(props.guild.guildId, params.ticketId, action);
      await view.reload();
      announcer.announce(done);
    } catch (caught) {
      setActionError(caught instanceof ApiError ? caught.message : 'The desk did not answer.');
    } finally {
      setActing(false);
    }
  };

  const [reason, setReason] = createSignal('');
  const closing = createConfirmation(async () => {
    await actOnTicket(props.guild.guildId, params.ticketId, {
      action: 'close',
      reason: reason().trim() || null,
    });
    toast('Ticket closed');
    await view.reload();
  }, 'Could not close the ticket.');

  const sendReply = async (body: string) => {
    await replyToTicket(props.guild.guildId, params.ticketId, body);
    await view.reload();
    announcer.announce('Reply sent to Discord');
  };
  const saveNote = async (body: string) => {
    await addTicketNote(props.guild.guildId, params.ticketId, body);
    await view.reload();
    announcer.announce('Note added');
  };

  return (
    <div class="flex flex-col gap-4">
      <announcer.Region />
      <A
        href={`/desk/${props.guild.guildId}`}
        class="flex items-center gap-1 text-sm text-ink-muted hover:text-ink"
      >
        <span class="i-ph-arrow-left" aria-hidden="true" />
        All tickets
      </A>
      {/* LoadState only for loading and errors: it rebuilds its children on every refresh, which
          would wipe a half-written reply each time the ticket is polled. */}
      <LoadState load={view} what="ticket" lines={6}>
        {() => null}
      </LoadState>
      <Show when={view.value()}>
        {(current: () => TicketView) => {
          const ticket = () => current().ticket;
          const mine = () => ticket().claimedBy !== null && ticket().claimedBy === desk.me().discord?.id;
          const closed = () => ticket().status === 'closed';
          return (
            <>
              <header class="glass-panel flex flex-col gap-3 p-5">
                <div class="flex flex-wrap items-center gap-2">
                  <h1 class="text-2xl font-semibold text-ink">
                    <span class="text-ink-muted">#{ticket().number}</span> {ticket().subject}
                  </h1>
                  <Badge tone={statusLabels[ticket().status].tone}>
                    {statusLabels[ticket().status].label}
                  </Badge>
                  <Badge tone={priorityLabels[ticket().priority].tone}>
                    {priorityLabels[ticket().priority].label} priority
                  </Badge>
                </div>
                <dl class="flex flex-wrap gap-x-6 gap-y-1 text-sm">
                  <div class="flex gap-1">
                    <dt class="text-ink-muted">Opened by</dt>
                    <dd class="text-ink">{ticket().openerName}</dd>
                  </div>
                  <div class="flex gap-1">
                    <dt class="text-ink-muted">Claimed by</dt>
                    <dd class="text-ink">
                      {ticket().claimedBy === null
                        ? 'nobody yet'
                        : mine()
                          ? 'you'
                          : (ticket().claimedByName ?? ticket().claimedBy)}
                    </dd>
                  </div>
                  <Show when={ticket().categoryName}>
                    <div class="flex gap-1">
                      <dt class="text-ink-muted">Category</dt>
                      <dd class="text-ink">{ticket().categoryName}</dd>
                    </div>
                  </Show>
                  <Show when={ticket().closeReason}>
                    <div class="flex gap-1">
                      <dt class="text-ink-muted">Close reason</dt>
                      <dd class="text-ink">{ticket().closeReason}</dd>
                    </div>
                  </Show>
                </dl>
                <div class="flex flex-wrap gap-2">
                  <Show when={!closed()}>
                    <Show
                      when={ticket().claimedBy === null}
                      fallback={
                        <Show when={mine()}>
                          <Button
                            icon="i-ph-hand"
                            busy={acting()}
                            onClick={() => act({ action: 'release' }, 'Ticket released')}
                          >
                            Release
                          </Button>
                        </Show>
                      }
                    >
                      <Button
                        variant="primary"
                        icon="i-ph-hand-grabbing"
                        busy={acting()}
                        onClick={() => act({ action: 'claim' }, 'Ticket claimed')}
                      >
                        Claim
                      </Button>
                    </Show>
                    <Menu
                      label="Set priority"
                      text="Priority"
                      icon="i-ph-flag"
                      size="md"
                      items={priorities.map((priority) => ({
                        label: priorityLabels[priority].label,
                        onSelect: () =>
                          void act(
                            { action: 'priority', priority },
                            `Priority set to ${priorityLabels[priority].label}`,
                          ),
                      }))}
                    />
                    <Show when={ticket().status === 'open'}>
                      <Button
                        icon="i-ph-hourglass"
                        busy={acting()}
                        onClick={() => act({ action: 'awaiting_user' }, 'Marked awaiting the user')}
                      >
                        Awaiting user
                      </Button>
                    </Show>
                    <Button
                      variant="danger"
                      icon="i-ph-lock"
                      onClick={() => {
                        setReason('');
                        closing.open(true);
                      }}
                    >
                      Close
                    </Button>
                  </Show>
                  <Show when={closed()}>
                    <Button
                      icon="i-ph-lock-open"
                      busy={acting()}
                      onClick={() => act({ action: 'reopen' }, 'Ticket reopened')}
                    >
                      Reopen
                    </Button>
                  </Show>
                </div>
                <Show when={actionError()}>
                  {(message) => (
                    <Banner tone="danger" title="That did not work">
                      {message()}
                    </Banner>
                  )}
                </Show>
              </header>
              <div class="grid gap-4 lg:grid-cols-[2fr_1fr]">
                <div class="flex flex-col gap-4">
                  <Card title="Timeline" icon="i-ph-clock-counter-clockwise">
                    <TicketTimeline events={current().events} />
                  </Card>
                  <Show when={!closed()}>
                    <Card title="Reply" icon="i-ph-chat-circle-text">
                      <TicketComposer
                        label="Reply to the ticket"
                        hint="Posted in the ticket's Discord channel by the bot, with your name. Ctrl+Enter sends."
                        submitLabel="Send reply"
                        icon="i-ph-paper-plane-tilt"
                        onSend={sendReply}
                      />
                    </Card>
                  </Show>
                  <Card title="Staff note" icon="i-ph-note-pencil">
                    <TicketComposer
                      label="Note for staff"
                      hint="Only staff see notes; they are never sent to Discord. Ctrl+Enter saves."
                      submitLabel="Add note"
                      icon="i-ph-note-pencil"
                      onSend={saveNote}
                    />
                  </Card>
                </div>
                <div class="flex flex-col gap-4">
                  <Card title="Form answers" icon="i-ph-list-checks">
                    <TicketAnswers answers={ticket().answers} />
                  </Card>
                  <Show when={ticket().rating !== null}>
                    <Card title="Rating" icon="i-ph-star">
                      <p class="text-sm text-ink">{ticket().rating} of 5 stars</p>
                      <Show when={ticket().ratingComment}>
                        <p class="text-sm text-ink-muted">“{ticket().ratingComment}”</p>
                      </Show>
                    </Card>
                  </Show>
                </div>
              </div>
              <Show when={closed()}>
                <Card
                  title="Transcript"
                  icon="i-ph-scroll"
                  actions={
                    <Show when={current().transcript}>
                      <a
                        class="btn-ghost btn-sm"
                        href={transcriptUrl(props.guild.guildId, ticket().id, 'text')}
                        download={`ticket-${ticket().number}.txt`}
                      >
                        <span class="i-ph-download-simple" aria-hidden="true" />
                        Download .txt
                      </a>
                    </Show>
                  }
                >
                  <Show
                    when={current().transcript}
                    fallback={
                      <p class="text-sm text-ink-muted">
                        The transcript is being written; it appears here within a minute of closing.
                      </p>
                    }
                  >
                    {(transcript) => (
                      <>
                        <p class="text-xs text-ink-muted">{transcript().messageCount} messages</p>
                        {/* An empty sandbox: the transcript holds members' text, so it may run nothing. */}
                        <iframe
                          sandbox=""
                          title={`Transcript of ticket #${ticket().number}`}
                          src={transcriptUrl(props.guild.guildId, ticket().id, 'html')}
                          class="h-[32rem] w-full rounded-control border border-space-500 bg-white"
                        />
                      </>
                    )}
                  </Show>
                </Card>
              </Show>
            </>
          );
        }}
      </Show>
      <ConfirmDialog
        {...closing.dialog}
        title="Close this ticket?"
        description="The opener is told, a transcript is saved, and the ticket channel is removed (a thread is archived)."
        confirmLabel="Close ticket"
      >
        <TextAreaField
          label="Reason (optional)"
          hint="Shown to the opener and in the transcript."
          rows={3}
          maxLength={500}
          value={reason()}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
      </ConfirmDialog>
    </div>
  );
}
