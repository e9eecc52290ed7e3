/**
 * The one button: primary, ghost or danger, optionally with an icon. While `busy` it keeps its
 * label and focus (aria-disabled, not disabled, so keyboard users are not thrown to the top of the
 * page) and swallows clicks so a form cannot be sent twice.
 */
import { type JSX, Show, splitProps } from 'solid-js';
import { Spinner } from './Skeleton';

type ClickHandler = (event: MouseEvent & { currentTarget: HTMLButtonElement; target: Element }) => void;

export interface ButtonProps extends Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'onClick'> {
  variant?: 'primary' | 'ghost' | 'danger';
  size?: 'md' | 'sm';
  busy?: boolean;
  /** A full `i-ph-*` class, written out so UnoCSS can find it. */
  icon?: string;
  onClick?: ClickHandler;
}

const variants = { primary: 'btn-primary', ghost: 'btn-ghost', danger: 'btn-danger' } as const;

export function Button(props: ButtonProps) {
  const [local, rest] = splitProps(props, [
    'variant',
    'size',
    'busy',
    'icon',
    'class',
    'children',
    'type',
    'onClick',
  ]);
  const onClick: ClickHandler = (event) => {
    if (local.busy) {
      event.preventDefault();
      return;
    }
    local.onClick?.(event);
  };
  return (
    <button
      type={local.type ?? 'button'}
      class={`${variants[local.variant ?? 'ghost']} ${local.size === 'sm' ? 'btn-sm' : ''} ${local.class ?? ''}`}
      aria-busy={local.busy ? 'true' : undefined}
      aria-disabled={local.busy ? 'true' : undefined}
      onClick={onClick}
      {...rest}
    >
      <Show when={local.busy} fallback={local.icon ? <span class={local.icon} aria-hidden="true" /> : null}>
        <Spinner />
      </Show>
      {local.children}
    </button>
  );
}
