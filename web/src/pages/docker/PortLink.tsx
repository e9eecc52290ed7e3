/** A container port as text, and as a link that opens it in a new tab when it is published over TCP. */
import { Show } from 'solid-js';
import type { PortView } from './containers';

export function PortLink(props: { port: PortView }) {
  return (
    <Show when={props.port.href} fallback={<span class="text-ink-muted">{props.port.text}</span>}>
      {(href) => (
        <a
          href={href()}
          target="_blank"
          rel="noopener noreferrer"
          class="text-cyan-300 underline-offset-2 hover:underline"
        >
          {props.port.text}
          <span class="sr-only"> (opens in a new tab)</span>
        </a>
      )}
    </Show>
  );
}
