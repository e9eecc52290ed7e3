/**
 * YouTube live broadcasts and live chat, from the Data API v3 reference: liveBroadcasts.list
 * (mine=true or broadcastStatus, OAuth only, 1 unit), liveChatMessages.list (GET
 * /youtube/v3/liveChat/messages: oldest to newest, nextPageToken, pollingIntervalMillis, offlineAt
 * once the broadcast ended, then 403 liveChatEnded; 5 units), liveChatMessages.insert (POST, OAuth,
 * textMessageEvent up to 200 characters, 50 units) and channels.list mine=true (1 unit).
 * Messages carry snippet and authorDetails as YouTube shapes them for text, Super Chat, new
 * member and membership-gifting events.
 */
import { randomBytes } from 'node:crypto';

export type FakeYoutubeChannel = {
  id: string;
  title: string;
  customUrl: string;
  sub: string;
  publishedAt: string;
};

export type FakeBroadcast = {
  id: string;
  channelId: string;
  title: string;
  liveChatId: string;
  startedAt: string;
  endedAt: string | null;
};

export type ChatAuthor = {
  channelId?: string;
  displayName: string;
  moderator?: boolean;
  owner?: boolean;
  sponsor?: boolean;
  verified?: boolean;
};

export type LiveChatMessage = {
  kind: 'youtube#liveChatMessage';
  etag: string;
  id: string;
  snippet: Record<string, unknown>;
  authorDetails: {
    channelId: string;
    channelUrl: string;
    displayName: string;
    profileImageUrl: string;
    isVerified: boolean;
    isChatOwner: boolean;
    isChatSponsor: boolean;
    isChatModerator: boolean;
  };
};

export const etag = () => randomBytes(20).toString('base64url');
const channelIdNew = () => `UC${randomBytes(16).toString('base64url').slice(0, 22)}`;

/** A message id as YouTube makes them: opaque, base64url-ish, about 60 characters. */
const messageId = () => `LCC.${randomBytes(42).toString('base64url')}`;

function money(amountMicros: number, currency: string) {
  const amount = amountMicros / 1_000_000;
  const symbol =
    currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : `${currency} `;
  return `${symbol}${amount.toFixed(2)}`;
}

/** Super Chat tiers by USD amount, as YouTube colours them (1 = blue … 7 = red). */
function tier(amountMicros: number) {
  const usd = amountMicros / 1_000_000;
  return usd >= 100 ? 7 : usd >= 50 ? 6 : usd >= 20 ? 5 : usd >= 10 ? 4 : usd >= 5 ? 3 : usd >= 2 ? 2 : 1;
}

export function createLiveChat() {
  const channels = new Map<string, FakeYoutubeChannel>();
  const broadcasts = new Map<string, FakeBroadcast>();
  const chats = new Map<string, LiveChatMessage[]>();
  /** Chats whose broadcast ended; the first list after that carries offlineAt, later ones 403. */
  const offlineSeen = new Set<string>();
  const inserted: { liveChatId: string; text: string; authorChannelId: string; id: string }[] = [];

  function broadcastByChat(liveChatId: string) {
    return [...broadcasts.values()].find((b) => b.liveChatId === liveChatId);
  }

  function author(a: ChatAuthor, liveChatId: string) {
    const b = broadcastByChat(liveChatId);
    const id = a.channelId ?? channelIdNew();
    return {
      channelId: id,
      channelUrl: `http://www.youtube.com/channel/${id}`,
      displayName: a.displayName,
      profileImageUrl: `https://yt4.ggpht.com/${id}/s88-c-k-c0x00ffffff-no-rj`,
      isVerified: a.verified ?? false,
      isChatOwner: a.owner ?? (b ? b.channelId === id : false),
      isChatSponsor: a.sponsor ?? false,
      isChatModerator: a.moderator ?? false,
    };
  }

  function push(
    liveChatId: string,
    a: ChatAuthor,
    type: string,
    displayMessage: string,
    details: Record<string, unknown>,
  ) {
    const list = chats.get(liveChatId);
    if (!list) throw new Error(`no live chat ${liveChatId}`);
    const authorDetails = author(a, liveChatId);
    const message: LiveChatMessage = {
      kind: 'youtube#liveChatMessage',
      etag: etag(),
      id: messageId(),
      snippet: {
        type,
        liveChatId,
        authorChannelId: authorDetails.channelId,
        publishedAt: new Date().toISOString(),
        hasDisplayContent: true,
        displayMessage,
        ...details,
      },
      authorDetails,
    };
    list.push(message);
    return message;
  }

  return {
    channels,
    broadcasts,
    chats,
    offlineSeen,
    inserted,
    broadcastByChat,
    push,
    addChannel(sub: string, o: { title: string; customUrl?: string; id?: string }) {
      const c: FakeYoutubeChannel = {
        id: o.id ?? channelIdNew(),
        title: o.title,
        customUrl: o.customUrl ?? `@${o.title.toLowerCase().replace(/\W+/g, '')}`,
        sub,
        publishedAt: new Date(Date.now() - 365 * 86_400_000).toISOString(),
      };
      channels.set(c.id, c);
      return c;
    },
    startBroadcast(channelId: string, o: { title?: string; videoId?: string } = {}) {
      if (!channels.has(channelId)) throw new Error(`no YouTube channel ${channelId}`);
      const b: FakeBroadcast = {
        id: o.videoId ?? randomBytes(8).toString('base64url').slice(0, 11),
        channelId,
        title: o.title ?? 'Live stream',
        liveChatId: `Cg0KC${randomBytes(12).toString('base64url')}`,
        startedAt: new Date().toISOString(),
        endedAt: null,
      };
      broadcasts.set(b.id, b);
      chats.set(b.liveChatId, []);
      return b;
    },
    endBroadcast(channelId: string) {
      const live = [...broadcasts.values()].filter((b) => b.channelId === channelId && !b.endedAt);
      for (const b of live) b.endedAt = new Date().toISOString();
      return live;
    },
    say(liveChatId: string, o: { author: ChatAuthor; text: string }) {
      return push(liveChatId, o.author, 'textMessageEvent', o.text, {
        textMessageDetails: { messageText: o.text },
      });
    },
    superChat(
      liveChatId: string,
      o: { author: ChatAuthor; amountMicros: number; currency?: string; comment?: string },
    ) {
      const currency = o.currency ?? 'USD';
      const shown = money(o.amountMicros, currency);
      return push(
        liveChatId,
        o.author,
        'superChatEvent',
        `${shown} from ${o.author.displayName}${o.comment ? `: "${o.comment}"` : ''}`,
        {
          superChatDetails: {
            amountMicros: String(o.amountMicros),
            currency,
            amountDisplayString: shown,
            userComment: o.comment ?? '',
            tier: tier(o.amountMicros),
          },
        },
      );
    },
    newSponsor(liveChatId: string, o: { author: ChatAuthor; level?: string; upgrade?: boolean }) {
      const level = o.level ?? 'Member';
      return push(liveChatId, { ...o.author, sponsor: true }, 'newSponsorEvent', `Welcome to ${level}!`, {
        newSponsorDetails: { memberLevelName: level, isUpgrade: o.upgrade ?? false },
      });
    },
    giftMemberships(liveChatId: string, o: { author: ChatAuthor; count: number; level?: string }) {
      const level = o.level ?? 'Member';
      return push(
        liveChatId,
        o.author,
        'membershipGiftingEvent',
        `${o.author.displayName} gifted ${o.count} ${level} memberships`,
        { membershipGiftingDetails: { giftMembershipsCount: o.count, giftMembershipsLevelName: level } },
      );
    },
  };
}
export type LiveChat = ReturnType<typeof createLiveChat>;
