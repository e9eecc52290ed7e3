/**
 * What the ticket desk shows: the shared shapes from `@homelab/db/discord` (types only, so zod
 * and the schema stay out of the bundle), and the few views the desk API builds from several tables.
 */
import type {
  CategoryInput,
  DeskGuild,
  GuildSettingsInput,
  PanelInput,
  TicketEventView,
  TicketListQuery,
  TicketSummary,
} from '@homelab/db/discord';

export type {
  CategoryInput,
  DeskGuild,
  GuildSettingsInput,
  PanelInput,
  StreamerInput,
  StreamerView,
  TicketAction,
  TicketEventView,
  TicketListQuery,
  TicketSummary,
} from '@homelab/db/discord';

export type TicketStatus = TicketSummary['status'];
export type TicketPriority = TicketSummary['priority'];
export type StatusFilter = TicketListQuery['status'];

/** GET /api/desk/me: who is signed in, their Discord account, and the guilds they may open. */
export interface DeskMe {
  user: { id: string; username: string; role: string };
  discord: { id: string; username: string; avatarUrl: string | null } | null;
  guilds: DeskGuild[];
}

/** A guild's settings as stored: every field of the settings form, filled. */
export type GuildSettings = { [K in keyof GuildSettingsInput]-?: Exclude<GuildSettingsInput[K], undefined> };

export interface DiscordChannel {
  id: string;
  name: string;
  type: number;
  parentId: string | null;
}
export interface DiscordRole {
  id: string;
  name: string;
  color: number;
}
/** GET …/discord: the guild's channels and roles, as the bot sees them. */
export interface DiscordLookup {
  channels: DiscordChannel[];
  roles: DiscordRole[];
}

export type Category = CategoryInput & { id: string };
export type Panel = PanelInput & { id: string; messageId?: string | null };
export type FormField = CategoryInput['form'][number];

export interface TicketPage {
  tickets: TicketSummary[];
  nextBefore: number | null;
}

export type TicketDetail = TicketSummary & {
  answers: { label: string; value: string }[] | Record<string, string> | null;
  members: string[];
  closeReason: string | null;
  ratingComment: string | null;
  sourceMessageUrl: string | null;
  firstResponseAt: string | null;
  claimedByName?: string | null;
};

export interface TicketView {
  ticket: TicketDetail;
  events: TicketEventView[];
  transcript: { messageCount: number; createdAt: string } | null;
}

export interface Analytics {
  firstResponse: { medianMinutes: number | null; p90Minutes: number | null };
  resolution: { medianMinutes: number | null; p90Minutes: number | null };
  byCategory: { categoryId: string | null; name: string; count: number }[];
  byStaff: { staffId: string; name: string; claimed: number; closed: number }[];
  ratings: { average: number | null; count: number; distribution: number[] };
  backlog: { open: number; awaitingUser: number; unclaimed: number };
  busiestHours: number[];
  sla: { breachedFirstResponse: number; breachedResolution: number };
}
