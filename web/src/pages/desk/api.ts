/**
 * Every call the ticket desk makes to `/api/desk`, one function each, and the addresses the
 * browser opens itself (the Discord sign-in, a ticket's transcript).
 */
import { api, unwrap } from '../../api/client';
import { openShape } from '../monitoring/api';
import type {
  Analytics,
  Category,
  CategoryInput,
  DeskGuild,
  DeskMe,
  DiscordLookup,
  GuildSettings,
  GuildSettingsInput,
  Panel,
  PanelInput,
  StreamerInput,
  StreamerView,
  TicketAction,
  TicketListQuery,
  TicketPage,
  TicketView,
} from './types';

const desk = api.api.desk;
const guild = desk.guilds[':guildId'];
const tickets = guild.tickets;
const byId = (guildId: string, id: string) => ({ param: { guildId, id } });
const stringQuery = (query: Record<string, string | number | undefined>) =>
  Object.fromEntries(
    Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
  );

// ── Sign-in and the caller's guilds ───────────────────────────────────────────────────────────

/** Where the "Sign in with Discord" button goes: a full page load, the server redirects to Discord. */
export const discordSignInUrl = (next: string) => `/api/desk/auth/discord?next=${encodeURIComponent(next)}`;

/** 401 is an answer here (not signed in yet), not a session that ended. */
export const getDeskMe = async (): Promise<DeskMe> =>
  openShape<DeskMe>(await unwrap(desk.me.$get(), { expectUnauthorized: true }));

/** Reads the guild list from Discord again (the bot joined, a role changed). */
export const refreshGuilds = async (): Promise<DeskGuild[]> =>
  openShape<DeskGuild[]>((await unwrap(desk.guilds.refresh.$post())).guilds);

// ── Guild setup ───────────────────────────────────────────────────────────────────────────────

export const getGuildSettings = async (guildId: string): Promise<GuildSettings> =>
  openShape<GuildSettings>(await unwrap(guild.$get({ param: { guildId } })));

export const updateGuildSettings = async (
  guildId: string,
  input: GuildSettingsInput,
): Promise<GuildSettings> =>
  openShape<GuildSettings>(await unwrap(guild.$patch({ param: { guildId }, json: input })));

export const getDiscordLookup = async (guildId: string): Promise<DiscordLookup> =>
  openShape<DiscordLookup>(await unwrap(guild.discord.$get({ param: { guildId } })));

export const listCategories = async (guildId: string): Promise<Category[]> =>
  openShape<Category[]>((await unwrap(guild.categories.$get({ param: { guildId } }))).categories);

export const createCategory = async (guildId: string, input: CategoryInput): Promise<Category> =>
  openShape<Category>(await unwrap(guild.categories.$post({ param: { guildId }, json: input })));

export const updateCategory = async (guildId: string, id: string, input: CategoryInput): Promise<Category> =>
  openShape<Category>(await unwrap(guild.categories[':id'].$patch({ ...byId(guildId, id), json: input })));

export const deleteCategory = async (guildId: string, id: string) => {
  await unwrap(guild.categories[':id'].$delete(byId(guildId, id)));
};

export const listPanels = async (guildId: string): Promise<Panel[]> =>
  openShape<Panel[]>((await unwrap(guild.panels.$get({ param: { guildId } }))).panels);

export const createPanel = async (guildId: string, input: PanelInput): Promise<Panel> =>
  openShape<Panel>(await unwrap(guild.panels.$post({ param: { guildId }, json: input })));

export const updatePanel = async (guildId: string, id: string, input: PanelInput): Promise<Panel> =>
  openShape<Panel>(await unwrap(guild.panels[':id'].$patch({ ...byId(guildId, id), json: input })));

export const deletePanel = async (guildId: string, id: string) => {
  await unwrap(guild.panels[':id'].$delete(byId(guildId, id)));
};

/** Posts the panel message, or edits the one already posted. */
export const publishPanel = async (guildId: string, panelId: string) => {
  await unwrap(guild.panels[':panelId'].publish.$post({ param: { guildId, panelId } }));
};

// ── Go-live streamers ─────────────────────────────────────────────────────────────────────────

export const listStreamers = async (guildId: string): Promise<StreamerView[]> =>
  openShape<StreamerView[]>((await unwrap(guild.streamers.$get({ param: { guildId } }))).streamers);

export const addStreamer = async (guildId: string, input: StreamerInput): Promise<StreamerView> =>
  openShape<StreamerView>(await unwrap(guild.streamers.$post({ param: { guildId }, json: input })));

export const updateStreamer = async (
  guildId: string,
  id: string,
  input: Partial<StreamerInput>,
): Promise<StreamerView> =>
  openShape<StreamerView>(await unwrap(guild.streamers[':id'].$patch({ ...byId(guildId, id), json: input })));

export const removeStreamer = async (guildId: string, id: string) => {
  await unwrap(guild.streamers[':id'].$delete(byId(guildId, id)));
};

// ── Analytics ─────────────────────────────────────────────────────────────────────────────────

export const getAnalytics = async (guildId: string, days: number): Promise<Analytics> =>
  openShape<Analytics>(
    await unwrap(guild.analytics.$get({ param: { guildId }, query: { days: String(days) } })),
  );

// ── Tickets ───────────────────────────────────────────────────────────────────────────────────

export type TicketFilters = Partial<Omit<TicketListQuery, 'limit'>>;

export const listTickets = async (guildId: string, filters: TicketFilters): Promise<TicketPage> =>
  openShape<TicketPage>(
    await unwrap(
      tickets.$get({
        param: { guildId },
        query: stringQuery({
          status: filters.status,
          q: filters.q || undefined,
          categoryId: filters.categoryId,
          priority: filters.priority,
          claimedBy: filters.claimedBy,
          before: filters.before,
        }),
      }),
    ),
  );

const ticketParam = (guildId: string, ticketId: string) => ({ param: { guildId, ticketId } });

export const getTicket = async (guildId: string, ticketId: string): Promise<TicketView> =>
  openShape<TicketView>(await unwrap(tickets[':ticketId'].$get(ticketParam(guildId, ticketId))));

/** Posted to the ticket's channel by the bot, under the staff member's name. */
export const replyToTicket = async (guildId: string, ticketId: string, body: string) => {
  await unwrap(tickets[':ticketId'].replies.$post({ ...ticketParam(guildId, ticketId), json: { body } }));
};

/** Staff only: never sent to Discord. */
export const addTicketNote = async (guildId: string, ticketId: string, body: string) => {
  await unwrap(tickets[':ticketId'].notes.$post({ ...ticketParam(guildId, ticketId), json: { body } }));
};

export const actOnTicket = async (guildId: string, ticketId: string, action: TicketAction) => {
  await unwrap(tickets[':ticketId'].actions.$post({ ...ticketParam(guildId, ticketId), json: action }));
};

/** Opened by the browser itself (the iframe, the download link), so an address, not a call. */
// $path, not $url: the client's base is '/', which `new URL` (inside $url) refuses.
export const transcriptUrl = (guildId: string, ticketId: string, format: 'html' | 'text') =>
  tickets[':ticketId'].transcript.$path({ ...ticketParam(guildId, ticketId), query: { format } });
