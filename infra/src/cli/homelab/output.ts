/**
 * How the CLI talks to people and scripts: colour only on a TTY (never with NO_COLOR, TERM=dumb or
 * --json), a spinner for long steps on a TTY and plain lines otherwise, and with --json exactly one
 * JSON document on stdout.
 */
import type { Writable } from 'node:stream';

export type Stream = Writable & { isTTY?: boolean };
export type Io = { stdout: Stream; stderr: Stream; env: NodeJS.ProcessEnv; cwd: string };

const codes = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
type Colour = keyof typeof codes;

export type Status = 'ok' | 'warn' | 'fail' | 'skip';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Output {
  readonly json: boolean;
  readonly colour: boolean;
  private readonly animate: boolean;

  constructor(
    readonly io: Io,
    options: { json: boolean },
  ) {
    this.json = options.json;
    const plainTerminal = io.env.NO_COLOR !== undefined || io.env.TERM === 'dumb';
    this.colour = !this.json && io.stdout.isTTY === true && !plainTerminal;
    this.animate = !this.json && io.stderr.isTTY === true && io.env.TERM !== 'dumb';
  }

  paint(colour: Colour, text: string) {
    return this.colour ? `\u001b[${codes[colour]}m${text}\u001b[0m` : text;
  }

  line(text = '') {
    if (!this.json) this.io.stdout.write(`${text}\n`);
  }

  /** Problems go to stderr in every mode, so a script reading --json still sees them in its logs. */
  error(message: string, fix?: string) {
    const paint = (c: Colour, t: string) =>
      this.io.stderr.isTTY && !this.json && this.io.env.NO_COLOR === undefined
        ? `\u001b[${codes[c]}m${t}\u001b[0m`
        : t;
    this.io.stderr.write(`${paint('red', 'error:')} ${message}\n`);
    if (fix) this.io.stderr.write(`${paint('dim', 'fix:')} ${fix}\n`);
  }

  badge(status: Status) {
    const label = { ok: ' ok ', warn: 'warn', fail: 'FAIL', skip: 'skip' }[status];
    const colour: Colour = { ok: 'green', warn: 'yellow', fail: 'red', skip: 'dim' }[status] as Colour;
    return this.paint(colour, label);
  }

  emit(document: unknown) {
    if (this.json) this.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  }

  /** Runs a long step with a spinner (TTY) or a start and an end line (logs, pipes). */
  async step<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
    if (this.json) return work();
    if (!this.animate) {
      this.io.stderr.write(`… ${label}\n`);
      try {
        const result = await work();
        this.io.stderr.write(`✓ ${label} (${seconds()})\n`);
        return result;
      } catch (error) {
        this.io.stderr.write(`✗ ${label} (${seconds()})\n`);
        throw error;
      }
    }
    let frame = 0;
    const draw = () =>
      this.io.stderr.write(`\r\u001b[2K${frames[frame++ % frames.length]} ${label} ${seconds()}`);
    draw();
    const timer = setInterval(draw, 100);
    try {
      const result = await work();
      clearInterval(timer);
      this.io.stderr.write(`\r\u001b[2K${this.paint('green', '✓')} ${label} (${seconds()})\n`);
      return result;
    } catch (error) {
      clearInterval(timer);
      this.io.stderr.write(`\r\u001b[2K${this.paint('red', '✗')} ${label} (${seconds()})\n`);
      throw error;
    }
  }

  /** Progress inside a step that has no spinner of its own (the update's phases). */
  progress(message: string) {
    if (!this.json) this.io.stderr.write(`${this.paint('blue', '→')} ${message}\n`);
  }

  table(headers: string[], rows: string[][]) {
    const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => visible(r[i] ?? '').length)));
    const pad = (cell: string, i: number) => cell + ' '.repeat((widths[i] ?? 0) - visible(cell).length);
    this.line(this.paint('bold', headers.map(pad).join('  ').trimEnd()));
    for (const row of rows) this.line(row.map(pad).join('  ').trimEnd());
  }
}

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const visible = (text: string) => text.replace(ansi, '');
