/**
 * LoadState renders its children again whenever the value changes; a view that updates itself in
 * place (a live conversation, cards with their own busy state and focus) is given only whether
 * the value is there, and reads the value itself.
 */
import type { Loadable } from '../../ui/LoadState';

export const whenLoaded = <T>(load: Loadable<T>): Loadable<true> => ({
  ...load,
  value: () => {
    const value = load.value();
    return value === null || value === undefined ? null : true;
  },
});
