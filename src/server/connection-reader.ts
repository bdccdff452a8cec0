/**
 * Reads a spamd request off a socket the way spamd's `IO::Socket` `getline` does: line by
 * line (a line ends at "\n"; at end of input the rest is a line too), or all of it to end
 * of input. Memory is bounded: a line longer than `maxLine`, or input past `maxBytes`,
 * stops the reading with a {@link ReadLimitError}.
 */
import type { Duplex } from 'node:stream';

/** The client sent more than the reader accepts. */
export class ReadLimitError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'ReadLimitError';
  }
}

/** Incremental, buffered reader of one connection's input. */
export class ConnectionReader {
  #chunks: Buffer[] = [];
  #length = 0;
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #total = 0;
  #discarding = false;
  readonly #socket: Duplex;
  readonly #maxBytes: number;

  constructor(socket: Duplex, maxBytes: number) {
    this.#socket = socket;
    this.#maxBytes = maxBytes;
    socket.on('data', (d: Buffer) => {
      if (this.#discarding) return;
      this.#chunks.push(d);
      this.#length += d.length;
      this.#total += d.length;
      // back-pressure: a client far ahead of the reader waits in its socket buffer
      if (this.#length > 1 << 20) socket.pause();
      this.#poke();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#poke();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#poke();
    });
    socket.on('error', (e: Error) => {
      this.#error ??= e;
      this.#ended = true;
      this.#poke();
    });
  }

  /** Bytes received so far. */
  get received(): number {
    return this.#total;
  }

  #poke(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  #buffer(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks)];
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  #take(n: number): Buffer {
    const buf = this.#buffer();
    const out = buf.subarray(0, n);
    const rest = buf.subarray(n);
    this.#chunks = rest.length ? [rest] : [];
    this.#length = rest.length;
    if (this.#length <= 1 << 20) this.#socket.resume();
    return out;
  }

  async #more(): Promise<void> {
    if (this.#ended) return;
    this.#socket.resume();
    await new Promise<void>((resolve) => (this.#wake = resolve));
  }

  /** The next line with its "\n" (or the unterminated rest at end of input); null at end of input. */
  async line(maxLine: number): Promise<Buffer | null> {
    let from = 0;
    for (;;) {
      const buf = this.#buffer();
      const nl = buf.indexOf(0x0a, from);
      if (nl >= 0) {
        if (nl + 1 > maxLine) throw new ReadLimitError(`line longer than ${maxLine} bytes`);
        return this.#take(nl + 1);
      }
      if (buf.length > maxLine) throw new ReadLimitError(`line longer than ${maxLine} bytes`);
      if (this.#ended) return buf.length ? this.#take(buf.length) : null;
      from = buf.length;
      await this.#more();
    }
  }

  /**
   * `parse_body`'s read loop: whole lines until at least `expected` bytes are read (the line
   * that reaches the count is read to its end), or to end of input when `expected` is undefined.
   * (spamd reads one line even when 0 bytes are expected.)
   */
  async body(expected: number | undefined): Promise<Buffer> {
    let from = 0;
    for (;;) {
      const buf = this.#buffer();
      if (buf.length > this.#maxBytes) throw new ReadLimitError(`message larger than ${this.#maxBytes} bytes`);
      if (expected !== undefined) {
        const nl = buf.indexOf(0x0a, Math.max(from, expected - 1, 0));
        if (nl >= 0) return this.#take(nl + 1);
        from = buf.length;
      }
      if (this.#ended) return this.#take(buf.length);
      await this.#more();
    }
  }

  /** Everything to end of input (`zlib_inflate_read`'s read loop). */
  async rest(): Promise<Buffer> {
    for (;;) {
      const buf = this.#buffer();
      if (buf.length > this.#maxBytes) throw new ReadLimitError(`message larger than ${this.#maxBytes} bytes`);
      if (this.#ended) return this.#take(buf.length);
      await this.#more();
    }
  }

  /** From now on, input is read and dropped. */
  discard(): void {
    this.#discarding = true;
    this.#chunks = [];
    this.#length = 0;
    this.#socket.resume();
  }

  /** The socket's error, if one ended the input. */
  get error(): Error | undefined {
    return this.#error;
  }
}
