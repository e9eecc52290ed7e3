/**
 * The bot's built-in chat commands as data: the studio lists them and refuses custom commands that
 * would shadow them; the runner's features answer them under these names. `modLevel` means the
 * level the tenant set in settings.builtins.modLevel (moderator by default).
 */
import type { UserLevel } from './events';

export type BuiltinLevel = UserLevel | 'modLevel';

export type BuiltinCommandInfo = {
  name: string;
  aliases: string[];
  level: BuiltinLevel;
  /** Which part of the bot answers it (the studio groups by it). */
  area: 'commands' | 'tools' | 'currency' | 'games' | 'giveaways' | 'polls' | 'songs' | 'ai' | 'moderation';
  description: string;
  usage: string;
};

export const builtinCommands: readonly BuiltinCommandInfo[] = [
  {
    name: 'giveaway',
    aliases: ['ga'],
    level: 'modLevel',
    area: 'giveaways',
    description:
      'Runs a giveaway: start it with a keyword and a prize, then close, draw, reroll or cancel it. Winners claim by speaking in chat.',
    usage:
      '!giveaway start <keyword> [cost=N] [luck=N] [claim=S] <prize> · !giveaway close|draw|reroll|cancel',
  },
  {
    name: 'poll',
    aliases: [],
    level: 'modLevel',
    area: 'polls',
    description: 'Runs a chat poll; viewers answer with !vote or just the option number.',
    usage: '!poll "Question" a | b | c · !poll close|cancel',
  },
  {
    name: 'vote',
    aliases: [],
    level: 'everyone',
    area: 'polls',
    description: 'Votes in the open poll (a vote can be changed).',
    usage: '!vote <option number>',
  },
  {
    name: 'bet',
    aliases: [],
    level: 'everyone',
    area: 'polls',
    description: 'Bets currency on an option; moderators open, close, resolve and cancel bets.',
    usage: '!bet <option> <amount> · !bet open "Question" a | b · !bet close|resolve <option>|cancel',
  },
  {
    name: 'points',
    aliases: ['balance'],
    level: 'everyone',
    area: 'currency',
    description: 'Your balance and rank, or someone else’s.',
    usage: '!points [@user]',
  },
  {
    name: 'give',
    aliases: [],
    level: 'everyone',
    area: 'currency',
    description: 'Moves some of your balance to another viewer.',
    usage: '!give @user <amount>',
  },
  {
    name: 'top',
    aliases: ['leaderboard'],
    level: 'everyone',
    area: 'currency',
    description: 'The five viewers with the highest balance.',
    usage: '!top',
  },
  {
    name: 'addpoints',
    aliases: [],
    level: 'modLevel',
    area: 'currency',
    description: 'Gives a viewer currency.',
    usage: '!addpoints @user <amount>',
  },
  {
    name: 'removepoints',
    aliases: [],
    level: 'modLevel',
    area: 'currency',
    description: 'Takes currency from a viewer (never below 0).',
    usage: '!removepoints @user <amount>',
  },
  {
    name: 'link',
    aliases: [],
    level: 'everyone',
    area: 'currency',
    description:
      'Joins your accounts on two platforms into one viewer and one balance; a code said in chat (not whispered) also needs a yes naming the account that typed it.',
    usage: '!link · !link <code> · !link yes <name>',
  },
  {
    name: 'quote',
    aliases: ['quotes'],
    level: 'everyone',
    area: 'tools',
    description: 'A random quote or one by number; moderators add and delete them.',
    usage: '!quote [n] · !quote add <text> [- author] · !quote del <n>',
  },
  {
    name: 'so',
    aliases: ['shoutout'],
    level: 'modLevel',
    area: 'tools',
    description: 'Shouts out another streamer with their last category.',
    usage: '!so @user',
  },
  {
    name: 'join',
    aliases: [],
    level: 'everyone',
    area: 'tools',
    description: 'Joins the viewer queue, with an optional note.',
    usage: '!join [note]',
  },
  {
    name: 'leave',
    aliases: [],
    level: 'everyone',
    area: 'tools',
    description: 'Leaves the viewer queue.',
    usage: '!leave',
  },
  {
    name: 'queue',
    aliases: [],
    level: 'everyone',
    area: 'tools',
    description: 'Your place in the viewer queue; moderators open, close, pick and clear it.',
    usage: '!queue · !queue open|close|pick [n]|random [n]|clear',
  },
  {
    name: 'duel',
    aliases: [],
    level: 'everyone',
    area: 'games',
    description: 'Challenges a viewer; if they accept, the winner takes both bets.',
    usage: '!duel @user <amount>',
  },
  {
    name: 'accept',
    aliases: [],
    level: 'everyone',
    area: 'games',
    description: 'Accepts the duel you were challenged to.',
    usage: '!accept',
  },
  {
    name: 'deny',
    aliases: [],
    level: 'everyone',
    area: 'games',
    description: 'Turns down the duel you were challenged to.',
    usage: '!deny',
  },
  {
    name: 'roulette',
    aliases: [],
    level: 'everyone',
    area: 'games',
    description: 'Double it or lose it.',
    usage: '!roulette <amount>',
  },
  {
    name: 'slots',
    aliases: [],
    level: 'everyone',
    area: 'games',
    description: 'Three alike pay 10×, two alike 2×.',
    usage: '!slots <amount>',
  },
  {
    name: 'heist',
    aliases: [],
    level: 'everyone',
    area: 'games',
    description: 'Starts or joins a heist; the crew leaves after the gathering time.',
    usage: '!heist <amount>',
  },
  {
    name: 'cmd',
    aliases: ['command'],
    level: 'modLevel',
    area: 'commands',
    description: 'Adds, edits, deletes, aliases or shows a custom command from chat.',
    usage: '!cmd add|edit !name <response> · !cmd del !name · !cmd alias !name !alias · !cmd show !name',
  },
  {
    name: 'counter',
    aliases: [],
    level: 'modLevel',
    area: 'tools',
    description: 'Shows, sets or changes a counter used by $(count) and $(getcount).',
    usage: '!counter <name> [+n|-n|=n]',
  },
  {
    name: 'commands',
    aliases: [],
    level: 'everyone',
    area: 'commands',
    description: "Lists the channel's custom commands.",
    usage: '!commands',
  },
  {
    name: 'sr',
    aliases: ['songrequest'],
    level: 'everyone',
    area: 'songs',
    description: 'Requests a song on Spotify by name or link (limits and cost in the studio).',
    usage: '!sr <song name | Spotify link>',
  },
  {
    name: 'song',
    aliases: ['nowplaying'],
    level: 'everyone',
    area: 'songs',
    description: 'The song playing now, and who asked for it.',
    usage: '!song',
  },
  {
    name: 'songs',
    aliases: ['songqueue'],
    level: 'everyone',
    area: 'songs',
    description: 'The next three requested songs.',
    usage: '!songs',
  },
  {
    name: 'wrongsong',
    aliases: [],
    level: 'everyone',
    area: 'songs',
    description: 'Takes back your latest waiting request (and its cost).',
    usage: '!wrongsong',
  },
  {
    name: 'skip',
    aliases: ['voteskip'],
    level: 'everyone',
    area: 'songs',
    description: 'Votes to skip the song; enough votes (or a moderator) skip it.',
    usage: '!skip',
  },
  {
    name: 'srclear',
    aliases: [],
    level: 'modLevel',
    area: 'songs',
    description: 'Clears the waiting song requests.',
    usage: '!srclear',
  },
  {
    name: 'permit',
    aliases: [],
    level: 'modLevel',
    area: 'moderation',
    description: 'Lets one viewer post one link (within the moderation permit time).',
    usage: '!permit <user>',
  },
  {
    name: 'fact',
    aliases: ['snapple'],
    level: 'everyone',
    area: 'ai',
    description: 'A short, fun Snapple-style fact from the AI (once every 30 seconds per channel).',
    usage: '!fact',
  },
];

/** Every name and alias a custom command may not take. */
export const builtinNames: ReadonlySet<string> = new Set(
  builtinCommands.flatMap((command) => [command.name, ...command.aliases]),
);
