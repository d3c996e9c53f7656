/**
 * Where the last `lines` lines of `text` begin. A trailing newline ends the last line rather
 * than starting an empty one (`"a\nb\n"` has two lines), like `tail -n`. `lines <= 0` gives
 * the end of the text (nothing).
 */
export function lastLinesStart(text: string, lines: number): number {
  if (lines <= 0) return text.length;
  let end = text.endsWith('\n') ? text.length - 1 : text.length;
  for (let seen = 0; end > 0; ) {
    const nl = text.lastIndexOf('\n', end - 1);
    if (++seen === lines || nl < 0) return nl + 1;
    end = nl;
  }
  return 0;
}

/** Splits output into pieces of at most `max` characters, so one message never grows large. */
export function* pieces(text: string, max: number): Generator<string> {
  for (let i = 0; i < text.length; i += max) yield text.slice(i, i + max);
}
