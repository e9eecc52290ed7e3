/** A guild's icon, or its initials on a tinted disc when it has none; decorative beside the name. */
import { Show } from 'solid-js';
import type { DeskGuild } from './types';

const sizes = { sm: 'h-6 w-6 text-[0.6rem]', lg: 'h-12 w-12 text-sm' } as const;

export function GuildIcon(props: { guild: DeskGuild; size?: keyof typeof sizes }) {
  const size = () => sizes[props.size ?? 'lg'];
  const initials = () =>
    props.guild.name
      .split(/\s+/)
      .map((word) => word[0] ?? '')
      .join('')
      .slice(0, 3);
  return (
    <Show
      when={props.guild.iconUrl}
      fallback={
        <span
          class={`${size()} grid shrink-0 place-items-center rounded-full bg-violet-700 font-semibold text-white`}
          aria-hidden="true"
        >
          {initials()}
        </span>
      }
    >
      {(src) => <img src={src()} alt="" class={`${size()} shrink-0 rounded-full`} />}
    </Show>
  );
}
