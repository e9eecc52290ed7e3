/**
 * Who may work a ticket in Discord: members who can administer or manage the guild, and holders of
 * one of the guild's or the ticket category's staff roles. Desk callers are checked by the desk guard.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';

export type DiscordMember = { roles: string[]; permissions?: string };

export function canManageGuild(permissions: string | undefined): boolean {
  if (!permissions) return false;
  const bits = BigInt(permissions);
  const wanted = PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild;
  return (bits & wanted) !== 0n;
}

export function isTicketStaff(member: DiscordMember, staffRoleIds: readonly string[]): boolean {
  if (canManageGuild(member.permissions)) return true;
  return member.roles.some((role) => staffRoleIds.includes(role));
}
