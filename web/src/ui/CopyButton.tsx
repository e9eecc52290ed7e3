/**
 * Copies a text to the clipboard and says so. Clipboard access needs HTTPS or localhost; when the
 * browser refuses, `onBlocked` lets the caller select the text so Ctrl+C does it instead.
 */
import { createSignal, onCleanup } from 'solid-js';
import { Button } from './Button';
import { toast } from './Toast';

export interface CopyButtonProps {
  /** The text, or a function that fetches it (credentials are only fetched when asked for). */
  text: string | (() => string | Promise<string>);
  /** What is copied, for the button's accessible name and the confirmation: "connection string". */
  what: string;
  /** Visible label; defaults to "Copy". */
  label?: string;
  size?: 'sm' | 'md';
  variant?: 'primary' | 'ghost';
  onBlocked?: () => void;
}

export function CopyButton(props: CopyButtonProps) {
  const [copied, setCopied] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const copy = async () => {
    setBusy(true);
    try {
      const text = typeof props.text === 'function' ? await props.text() : props.text;
      await navigator.clipboard.writeText(text);
      setCopied(true);
      clearTimeout(timer);
      timer = setTimeout(() => setCopied(false), 2000);
      toast(`Copied the ${props.what}`);
    } catch {
      props.onBlocked?.();
      toast(
        props.onBlocked
          ? `Copy blocked by the browser: the ${props.what} is selected, press Ctrl+C`
          : `Could not copy the ${props.what}`,
        'info',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button
      size={props.size ?? 'sm'}
      variant={props.variant ?? 'ghost'}
      icon={copied() ? 'i-ph-check' : 'i-ph-copy'}
      busy={busy()}
      aria-label={`Copy ${props.what}`}
      onClick={() => void copy()}
    >
      {copied() ? 'Copied' : (props.label ?? 'Copy')}
    </Button>
  );
}
