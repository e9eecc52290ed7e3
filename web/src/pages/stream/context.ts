/** The signed-in streamer and their studio, shared by every studio page under the gate. */
import { createContext, useContext } from 'solid-js';
import type { StreamMe } from './types';

export interface StudioState {
  me: () => StreamMe & { tenant: NonNullable<StreamMe['tenant']> };
  /** Asks the server again (after a toggle, a relink). */
  reload: () => unknown;
}

export const StudioContext = createContext<StudioState>();

export function useStudio(): StudioState {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('useStudio() outside the studio gate');
  return studio;
}
