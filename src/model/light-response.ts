// What the keep-alive transport hands the openai SDK: the parts of a fetch Response the SDK reads
// (status, headers, json/text), over a body already in memory. The built-in Response wraps a
// buffer in a web stream and its Headers copy every header, which costs more CPU per call than
// the rest of the harness; the SDK still parses the answer and raises its own errors.

/** Read-only response headers, by lower-cased name (repeated headers joined with ", "). */
export class LightHeaders {
  readonly #map = new Map<string, string>();

  constructor(raw: readonly string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const value = raw[i + 1] as string;
      const had = this.#map.get(name);
      this.#map.set(name, had === undefined ? value : `${had}, ${value}`);
    }
  }

  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.#map.has(name.toLowerCase());
  }

  forEach(visit: (value: string, name: string) => void): void {
    for (const [name, value] of this.#map) visit(value, name);
  }

  entries(): IterableIterator<[string, string]> {
    return this.#map.entries();
  }

  keys(): IterableIterator<string> {
    return this.#map.keys();
  }

  values(): IterableIterator<string> {
    return this.#map.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
}

export class LightResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = "basic";
  /** The body is read whole before the response is made: there is no stream to cancel. */
  readonly body = null;
  bodyUsed = false;

  constructor(
    private readonly data: Buffer,
    readonly status: number,
    readonly statusText: string,
    readonly headers: LightHeaders,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  /** The same response with another body (the redacted text). */
  withText(text: string): LightResponse {
    return new LightResponse(Buffer.from(text), this.status, this.statusText, this.headers, this.url);
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.data.toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return this.data.buffer.slice(
      this.data.byteOffset,
      this.data.byteOffset + this.data.byteLength,
    ) as ArrayBuffer;
  }
}
