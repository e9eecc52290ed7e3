/** The "Open …" link in a mission-control card's header, to the page the card sums up. */
import { A } from '@solidjs/router';
import type { JSX } from 'solid-js';

// Literal classes, so UnoCSS finds them in this file.
const tones = { violet: 'text-violet-200', cyan: 'text-cyan-300' } as const;

export function CardLink(props: { href: string; tone?: keyof typeof tones; children: JSX.Element }) {
  return (
    <A
      href={props.href}
      class={`text-sm ${tones[props.tone ?? 'violet']} underline-offset-2 hover:underline`}
    >
      {props.children}
    </A>
  );
}
