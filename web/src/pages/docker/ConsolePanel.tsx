/**
 * An interactive shell in a running container: xterm.js over the exec WebSocket. Loaded only when
 * the Console tab opens (xterm is larger than the rest of the app together). Keystrokes go up as
 * `input` messages, size changes as `resize`; terminal output comes down as binary frames.
 */
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { createSignal, onCleanup, onMount, Show } from 'solid-js';
import { cosmic, font } from '../../theme/tokens';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { CheckboxField, SelectField } from '../../ui/Field';
import { streamUrls } from './api';
import { clampSize, describeClose } from './console';

type Status = 'idle' | 'connecting' | 'open' | 'exited' | 'failed';

const shells = [
  { value: '/bin/sh', label: 'sh' },
  { value: '/bin/bash', label: 'bash' },
] as const;

export default function ConsolePanel(props: { containerId: string; name: string; running: boolean }) {
  const [shell, setShell] = createSignal<string>('/bin/sh');
  const [status, setStatus] = createSignal<Status>('idle');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [exitCode, setExitCode] = createSignal<number | null>(null);
  const [screenReader, setScreenReader] = createSignal(false);
  let host!: HTMLElement;
  let toggleButton!: HTMLButtonElement;
  let term: Terminal | undefined;
  let fit: FitAddon | undefined;
  let socket: WebSocket | undefined;

  const send = (message: object) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  onMount(() => {
    const terminal = new Terminal({
      fontFamily: font.mono,
      fontSize: 13,
      cursorBlink: true,
      scrollback: 5000,
      theme: {
        background: cosmic.space[950],
        foreground: cosmic.ink.DEFAULT,
        cursor: cosmic.cyan[300],
        selectionBackground: cosmic.space[500],
      },
    });
    const fitter = new FitAddon();
    terminal.loadAddon(fitter);
    terminal.open(host);
    fitter.fit();
    terminal.onData((data) => send({ type: 'input', data }));
    terminal.onResize(({ cols, rows }) => send({ type: 'resize', ...clampSize(cols, rows) }));
    // The terminal takes Tab for the shell's completion; Shift+Escape is the way back out (no keyboard trap).
    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type === 'keydown' && event.key === 'Escape' && event.shiftKey) {
        toggleButton.focus();
        return false;
      }
      return true;
    });
    const observer = new ResizeObserver(() => fitter.fit());
    observer.observe(host);
    term = terminal;
    fit = fitter;
    onCleanup(() => {
      observer.disconnect();
      terminal.dispose();
    });
  });
  onCleanup(() => {
    const open = socket;
    socket = undefined;
    open?.close(1000);
  });

  const connect = () => {
    if (!term || !fit) return;
    socket?.close(1000);
    term.reset();
    setProblem(null);
    setExitCode(null);
    fit.fit();
    const size = clampSize(term.cols, term.rows);
    const ws = new WebSocket(streamUrls.exec(props.containerId, { cmd: [shell()], ...size }));
    ws.binaryType = 'arraybuffer';
    socket = ws;
    setStatus('connecting');
    ws.addEventListener('open', () => {
      setStatus('open');
      term?.focus();
    });
    ws.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') {
        term?.write(new Uint8Array(event.data as ArrayBuffer));
        return;
      }
      try {
        const message = JSON.parse(event.data) as { type?: string; code?: number };
        if (message.type === 'exit') setExitCode(message.code ?? null);
      } catch {
        term?.write(event.data);
      }
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      socket = undefined;
      if (exitCode() !== null) {
        setStatus('exited');
        term?.write(`\r\n\x1b[2m[process exited with code ${exitCode()}]\x1b[0m\r\n`);
      } else if (event.code === 1000) {
        setStatus('idle');
      } else {
        setStatus('failed');
        setProblem(describeClose(event.code, event.reason));
      }
    });
  };

  const disconnect = () => {
    const open = socket;
    socket = undefined;
    open?.close(1000);
    setStatus('idle');
  };

  const connected = () => status() === 'open' || status() === 'connecting';
  const statusText = () => {
    switch (status()) {
      case 'connecting':
        return `Opening ${shell()} in ${props.name}…`;
      case 'open':
        return `Connected: ${shell()} in ${props.name}.`;
      case 'exited':
        return `The shell exited with code ${exitCode()}.`;
      case 'failed':
        return 'Not connected.';
      default:
        return 'Not connected.';
    }
  };

  return (
    <div class="flex flex-col gap-3">
      <div class="flex flex-wrap items-end gap-3">
        <SelectField label="Shell" value={shell()} onChange={setShell} options={shells} class="w-32" />
        <Button
          ref={toggleButton}
          variant={connected() ? 'ghost' : 'primary'}
          icon={connected() ? 'i-ph-plugs' : 'i-ph-terminal-window'}
          disabled={!props.running && !connected()}
          onClick={() => (connected() ? disconnect() : connect())}
        >
          {connected() ? 'Disconnect' : 'Connect'}
        </Button>
        <CheckboxField
          label="Screen reader mode"
          checked={screenReader()}
          onChange={(on) => {
            setScreenReader(on);
            if (term) term.options.screenReaderMode = on;
          }}
          class="pb-2"
        />
        <p role="status" class="pb-2 text-sm text-ink-muted">
          {statusText()}
        </p>
      </div>
      <Show when={!props.running && !connected()}>
        <Banner tone="info" title="The container is not running">
          Start it to open a console.
        </Banner>
      </Show>
      <Show when={problem()}>
        {(text) => (
          <Banner tone="danger" title="Console disconnected">
            {text()}
          </Banner>
        )}
      </Show>
      <section
        ref={host}
        aria-label={`Console of ${props.name}`}
        class="h-[60vh] overflow-hidden rounded-control border border-space-600 bg-space-950 p-2"
      />
      <p class="text-xs text-ink-muted">
        The terminal keeps Tab for the shell. Press Shift+Escape to move focus back to the Connect button.
      </p>
    </div>
  );
}
