/**
 * Prefixes every line of interleaved instance output with `[instance] `, like
 * `kubectl logs --prefix`. Output arrives in arbitrary pieces, so each instance's unfinished
 * last line is held until its newline (or until `flush()` at the end of the stream).
 */
export class LinePrefixer {
  private readonly partial = new Map<string, string>();

  /** The complete lines of `data`, prefixed; the rest waits for more output of `instance`. */
  push(instance: string, data: string): string {
    const text = (this.partial.get(instance) ?? '') + data;
    const end = text.lastIndexOf('\n') + 1;
    this.partial.set(instance, text.slice(end));
    if (!end) return '';
    return text
      .slice(0, end - 1)
      .split('\n')
      .map((line) => `[${instance}] ${line}\n`)
      .join('');
  }

  /** Every held unfinished line, prefixed and ended with a newline. */
  flush(): string {
    let out = '';
    for (const [instance, rest] of this.partial) if (rest) out += `[${instance}] ${rest}\n`;
    this.partial.clear();
    return out;
  }
}
