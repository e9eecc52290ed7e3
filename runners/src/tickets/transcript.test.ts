import { describe, expect, it } from 'vitest';
import { withinSupportHours } from './hours';
import { surveyMessage } from './survey';
import { fakeMessage } from './testing';
import { renderTranscript, type TranscriptInput } from './transcript';

const channel = '300000000000000001';
const base: TranscriptInput = {
  guild: { name: 'Rig City', timezone: 'Europe/Berlin' },
  ticket: {
    number: 42,
    subject: 'Refund <please>',
    categoryName: 'Billing',
    openerId: '200000000000000002',
    openerName: 'Ada',
    claimerId: '200000000000000003',
    claimerName: 'Grace',
    openedAt: new Date('2030-01-07T08:00:00Z'),
    closedAt: new Date('2030-01-07T09:30:00Z'),
    closedByName: 'Grace',
    closeReason: 'Refunded',
  },
  messages: [
    fakeMessage(channel, '400000000000000001', {
      content: 'Hi <script>alert(1)</script> & thanks <@200000000000000003>',
      timestamp: '2030-01-07T08:01:00Z',
      author: {
        id: '200000000000000002',
        username: 'ada',
        global_name: 'Ada L',
        discriminator: '0',
        avatar: 'abc',
      },
      mentions: [
        {
          id: '200000000000000003',
          username: 'grace',
          global_name: 'Grace',
          discriminator: '0',
          avatar: null,
        },
      ],
      attachments: [
        {
          id: '1',
          filename: 'invoice "march".pdf',
          size: 20_480,
          url: 'https://cdn.discordapp.com/attachments/1/invoice.pdf',
          proxy_url: 'https://media.discordapp.net/x',
        },
      ],
    }),
    fakeMessage(channel, '400000000000000002', {
      timestamp: '2030-01-07T08:05:00Z',
      author: {
        id: '200000000000000009',
        username: 'HomeLabHub',
        global_name: null,
        discriminator: '0',
        avatar: null,
        bot: true,
      },
      embeds: [{ title: 'Reply from Grace', description: 'Your refund is on its way.' }],
    }),
  ],
};

describe('transcript', () => {
  it('escapes message text, so a message with <script> shows as text and runs nothing', () => {
    const { html } = renderTranscript(base);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; thanks @Grace');
    expect(html).toContain('Ticket #42: Refund &lt;please&gt;');
    expect(html).not.toMatch(/<img|<script|src=/i);
  });

  it('shows the header, times in the guild timezone, embeds, and attachments with name, size and link', () => {
    const { html, text, attachments } = renderTranscript(base);
    for (const output of [html, text]) {
      expect(output).toContain('Billing');
      expect(output).toContain('Refunded');
      // 08:01 UTC is 09:01 in Berlin in January.
      expect(output).toContain('2030-01-07 09:01');
      expect(output).toContain('Reply from Grace');
      expect(output).toContain('Your refund is on its way.');
      expect(output).toContain('20.0 KB');
    }
    expect(html).toContain('<a href="https://cdn.discordapp.com/attachments/1/invoice.pdf"');
    expect(html).toContain('invoice &quot;march&quot;.pdf');
    expect(text).toContain('Claimed by: Grace (200000000000000003)');
    expect(text).toContain('[2030-01-07 09:01] Ada L:\n  Hi <script>alert(1)</script> & thanks @Grace');
    expect(text).toContain(
      '[attachment] invoice "march".pdf (20.0 KB) https://cdn.discordapp.com/attachments/1/invoice.pdf',
    );
    expect(attachments).toEqual([
      {
        messageId: '400000000000000001',
        name: 'invoice "march".pdf',
        size: 20_480,
        url: 'https://cdn.discordapp.com/attachments/1/invoice.pdf',
      },
    ]);
  });

  it('never turns a non-http attachment URL into a link', () => {
    const message = fakeMessage(channel, '400000000000000003', {
      attachments: [{ id: '2', filename: 'x', size: 1, url: 'javascript:alert(1)', proxy_url: '' }],
    });
    const { html } = renderTranscript({ ...base, messages: [message] });
    expect(html).not.toContain('javascript:');
  });
});

describe('survey message', () => {
  it('has five star buttons whose custom ids name the guild, the ticket and the stars', () => {
    const message = surveyMessage({
      guildId: '100000000000000001',
      guildName: 'Rig City',
      ticketId: 'f3b0c442-98fc-4c1a-9d2e-1a2b3c4d5e6f',
      ticketNumber: 7,
      subject: 'Help',
    });
    const buttons = message.components[0]!.components;
    expect(buttons.map((b) => b.custom_id)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `survey:100000000000000001:f3b0c442-98fc-4c1a-9d2e-1a2b3c4d5e6f:${n}`),
    );
    expect(message.content).toContain('#7');
  });
});

describe('support hours', () => {
  const weekdays = { days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' };
  it('is inside on a weekday afternoon in the guild timezone and outside at night or on Sunday', () => {
    // Monday 2030-01-07, New York is UTC-5.
    expect(withinSupportHours(weekdays, 'America/New_York', new Date('2030-01-07T15:00:00Z'))).toBe(true);
    expect(withinSupportHours(weekdays, 'America/New_York', new Date('2030-01-07T13:00:00Z'))).toBe(false);
    expect(withinSupportHours(weekdays, 'America/New_York', new Date('2030-01-06T15:00:00Z'))).toBe(false);
    expect(withinSupportHours(null, 'UTC', new Date('2030-01-06T03:00:00Z'))).toBe(true);
  });

  it('lets a window past midnight belong to the day it starts on', () => {
    const nights = { days: [5], from: '22:00', to: '02:00' };
    expect(withinSupportHours(nights, 'UTC', new Date('2030-01-11T23:00:00Z'))).toBe(true);
    expect(withinSupportHours(nights, 'UTC', new Date('2030-01-12T01:00:00Z'))).toBe(true);
    expect(withinSupportHours(nights, 'UTC', new Date('2030-01-12T23:00:00Z'))).toBe(false);
  });
});
