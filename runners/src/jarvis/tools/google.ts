/**
 * Google tools: the owner's upcoming calendar events and their Gmail inbox at a glance, read
 * through the google runner (which holds the tokens). Event titles, senders and subjects are
 * written by other people, so the results are untrusted.
 */
import type { CalendarEvents, GmailSummary } from '@homelab/db/google';
import { z } from 'zod';
import { clip, defineTool } from './define';
import { callRunner } from './runners';

export const calendarUpcoming = defineTool('calendar_upcoming', {
  args: z.object({
    days: z.number().int().min(1).max(30).default(7).describe('How many days ahead to look (default 7)'),
  }),
  target: () => null,
  async run(args, ctx) {
    const { events } = await callRunner<CalendarEvents>(ctx, 'google', {
      path: `/calendar/events?days=${args.days}`,
    });
    return {
      ok: true,
      summary: `${events.length} event${events.length === 1 ? '' : 's'} in the next ${args.days} days`,
      data: {
        events: events.slice(0, 30).map((e) => ({
          title: clip(e.title, 200),
          calendar: clip(e.calendarName, 100),
          start: e.start,
          end: e.end,
          allDay: e.allDay,
          location: e.location ? clip(e.location, 200) : null,
        })),
      },
      untrusted: true,
    };
  },
});

export const gmailRecent = defineTool('gmail_recent', {
  args: z.object({}),
  target: () => null,
  async run(_args, ctx) {
    const summary = await callRunner<GmailSummary>(ctx, 'google', { path: '/gmail/summary' });
    return {
      ok: true,
      summary: `${summary.unread} unread in Gmail`,
      data: {
        unread: summary.unread,
        messages: summary.messages.map((m) => ({
          from: clip(m.from, 200),
          subject: clip(m.subject, 200),
          receivedAt: m.receivedAt,
          unread: m.unread,
        })),
      },
      untrusted: true,
    };
  },
});

export const googleTools = [calendarUpcoming, gmailRecent];
