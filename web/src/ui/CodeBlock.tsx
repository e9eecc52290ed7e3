/**
 * Read-only monospaced text (a compose file, an inspect document, command output) in a scrollable
 * box that keyboard users can focus and scroll, with an optional copy button.
 */
import { Show } from 'solid-js';
import { CopyButton } from './CopyButton';

export interface CodeBlockProps {
  /** Names the scroll region: "docker-compose.yml". */
  label: string;
  code: string;
  /** Offer a copy button; the string names what is copied. */
  copy?: string;
  class?: string;
}

export function CodeBlock(props: CodeBlockProps) {
  let pre!: HTMLPreElement;
  const selectAll = () => {
    const range = document.createRange();
    range.selectNodeContents(pre);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
  };
  return (
    <section class="relative" aria-label={props.label}>
      <Show when={props.copy}>
        <div class="absolute right-2 top-2">
          <CopyButton text={() => props.code} what={props.copy!} onBlocked={selectAll} />
        </div>
      </Show>
      <pre
        ref={pre}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
        tabIndex={0}
        class={`max-h-[60vh] overflow-auto rounded-control border border-space-600 bg-space-950/80 p-4 font-mono text-xs leading-relaxed text-ink ${props.class ?? ''}`}
      >
        <code>{props.code}</code>
      </pre>
    </section>
  );
}
