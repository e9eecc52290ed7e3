/** The signed-in desk user and their guilds, shared by every desk page under the gate. */
import { useParams } from '@solidjs/router';
import { createContext, useContext } from 'solid-js';
import type { DeskGuild, DeskMe } from './types';

export interface DeskState {
  me: () => DeskMe;
  setMe: (me: DeskMe) => void;
}

export const DeskContext = createContext<DeskState>();

export function useDesk(): DeskState {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk() outside the desk gate');
  return desk;
}

/** The guild in the address, when the user has it; pages show "not in your desk" otherwise. */
export function useDeskGuild() {
  const params = useParams<{ guildId?: string }>();
  const desk = useDesk();
  const guildId = () => params.guildId ?? '';
  const guild = (): DeskGuild | undefined => desk.me().guilds.find((g) => g.guildId === guildId());
  return { guildId, guild, isAdmin: () => guild()?.level === 'admin' };
}
