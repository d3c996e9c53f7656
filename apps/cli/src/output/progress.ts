/** Where progress goes: stderr, which may or may not be a terminal. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Above this many objects a non-terminal stderr gets progress lines too (CI logs of big applies). */
export const PROGRESS_THRESHOLD = 20;

/**
 * `[k/N] <label>` on stderr so stdout stays clean for scripts. On a terminal one line is
 * redrawn in place; in a log, a line every ~10 % keeps it short. Small batches in a log
 * show nothing: the per-object result lines already tell the story.
 */
export function createProgress(total: number, label: string, stream: ProgressStream): { tick(): void; done(): void } {
  const tty = Boolean(stream.isTTY);
  const enabled = total > 0 && (tty || total > PROGRESS_THRESHOLD);
  const every = Math.max(1, Math.floor(total / 10));
  let k = 0;
  return {
    tick() {
      k++;
      if (!enabled) return;
      if (tty) stream.write(`\r[${k}/${total}] ${label}`);
      else if (k % every === 0 || k === total) stream.write(`[${k}/${total}] ${label}\n`);
    },
    done() {
      if (enabled && tty) stream.write('\r\x1b[K'); // clear the line before results are printed
    },
  };
}
