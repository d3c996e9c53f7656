// Newline-delimited JSON frames between the function driver (agent) and the function host
// (sandbox), one JSON object per line. Shared by both sides: the host imports it inside the
// sandbox, the driver through frame-codec.d.mts.

/** Longest frame accepted (an input or output larger than this fails the connection). */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** One frame as a line of text. */
export function encodeFrame(frame) {
  return `${JSON.stringify(frame)}\n`;
}

/** Splits a byte stream into frames; keeps a partial line until its newline arrives. */
export class FrameDecoder {
  #pending = '';
  #decoder = new TextDecoder();
  #maxBytes;

  constructor(maxBytes = MAX_FRAME_BYTES) {
    this.#maxBytes = maxBytes;
  }

  /** The frames completed by `chunk`. Throws on a line that is not a JSON object or too long. */
  push(chunk) {
    this.#pending += typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    const frames = [];
    let newline;
    while ((newline = this.#pending.indexOf('\n')) >= 0) {
      const line = this.#pending.slice(0, newline);
      this.#pending = this.#pending.slice(newline + 1);
      if (line.trim() === '') continue;
      const frame = JSON.parse(line);
      if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) throw new Error('a frame must be a JSON object');
      frames.push(frame);
    }
    if (this.#pending.length > this.#maxBytes) throw new Error(`frame larger than ${this.#maxBytes} bytes`);
    return frames;
  }

  /** Bytes (characters) of an unfinished frame. */
  get buffered() {
    return this.#pending.length;
  }
}
