/**
 * @module
 * A small progress bar for `privkit logs anonymize` on a terminal: share of the input read, lines,
 * lines per second and the time left. Written to stderr over one line (`\r`), at most ten times a
 * second, and erased at the end; never drawn when stderr is not a terminal.
 */

/** What the bar shows. */
export interface ProgressState {
  /** Bytes of input read so far. */
  bytes: number;
  /** Total bytes of input, when known (files); 0 when unknown (stdin). */
  total: number;
  /** Lines processed so far. */
  lines: number;
  /** Milliseconds since the start. */
  elapsedMs: number;
}

/** `1234567` → `1,234,567`. */
export function groupDigits(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1.2M`, `830k`, `512`. */
export function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return `${Math.round(n)}`;
}

/** Seconds as `m:ss` (or `h:mm:ss`). */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * The bar as one line of at most `width` characters:
 * `[##########----------]  50%  1,234,567 lines  812k lines/s  ETA 0:03`.
 */
export function renderProgress(state: ProgressState, width: number): string {
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.lines / seconds : 0;
  const tail = `${groupDigits(state.lines)} lines  ${compact(rate)} lines/s`;
  if (state.total <= 0) return `${tail}`.slice(0, width);
  const share = Math.min(1, state.bytes / state.total);
  const eta = share > 0 && seconds > 0 ? (seconds / share) * (1 - share) : Number.NaN;
  const etaText = Number.isNaN(eta) ? '-:--' : duration(eta);
  const right = `${String(Math.floor(share * 100)).padStart(3)}%  ${tail}  ETA ${etaText}`;
  const barWidth = Math.min(30, width - right.length - 3);
  if (barWidth < 5) return right.slice(0, width);
  const filled = Math.round(share * barWidth);
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${right}`;
}

/** Draws {@link renderProgress} on a terminal stream every 100 ms until `stop()`. */
export class ProgressBar {
  readonly #stream: NodeJS.WritableStream & { columns?: number };
  readonly #state: () => ProgressState;
  readonly #timer: NodeJS.Timeout;
  #drawn = false;

  constructor(stream: NodeJS.WritableStream & { columns?: number }, state: () => ProgressState) {
    this.#stream = stream;
    this.#state = state;
    this.#timer = setInterval(() => this.draw(), 100);
    this.#timer.unref();
    this.draw();
  }

  draw(): void {
    // A pseudo-terminal without a window size reports 0 columns.
    const width = Math.max(20, (this.#stream.columns || 80) - 1);
    this.#stream.write(`\r${renderProgress(this.#state(), width)}\u001b[K`);
    this.#drawn = true;
  }

  stop(): void {
    clearInterval(this.#timer);
    if (this.#drawn) this.#stream.write('\r\u001b[K');
  }
}
