/** A small status pill; the tone colours it, the text always says the status so colour is never the only cue. */
import type { JSX } from 'solid-js';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral';

const tones: Record<Tone, string> = {
  ok: 'badge-ok',
  warn: 'badge-warn',
  danger: 'badge-danger',
  info: 'badge-info',
  neutral: 'badge-neutral',
};

export function Badge(props: { tone?: Tone; icon?: string; children: JSX.Element }) {
  return (
    <span class={tones[props.tone ?? 'neutral']}>
      {props.icon ? <span class={props.icon} aria-hidden="true" /> : null}
      {props.children}
    </span>
  );
}
