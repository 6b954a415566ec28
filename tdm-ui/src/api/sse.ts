// A Server-Sent Events parser (the HTML spec's wire format), fed with text chunks as they arrive.
//
// The job event stream needs the X-API-Key header, which EventSource cannot send, so the portal reads
// it with fetch and parses it here.

export interface SSEMessage {
  /** The `id:` of the event (or the last one seen), if any. */
  id: string | undefined;
  /** The `event:` name, "message" when absent. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
}

/** Incremental parser: `feed()` text as it arrives, get the complete events back. */
export class SSEParser {
  /** The last `id:` received: send it as Last-Event-ID when reconnecting. */
  lastEventId: string | undefined = undefined;
  /** The reconnection delay the server asked for (`retry:`), in ms. */
  retry: number | undefined = undefined;

  private buffer = "";
  private data: string[] = [];
  private eventName = "";
  private sawData = false;

  feed(chunk: string): SSEMessage[] {
    this.buffer += chunk;
    const out: SSEMessage[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i];
      if (ch !== "\n" && ch !== "\r") continue;
      // A "\r" at the very end may be the first half of "\r\n": wait for the next chunk.
      if (ch === "\r" && i === this.buffer.length - 1) break;
      const line = this.buffer.slice(start, i);
      if (ch === "\r" && this.buffer[i + 1] === "\n") i++;
      start = i + 1;
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  private line(line: string): SSEMessage | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null; // comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "data":
        this.data.push(value);
        this.sawData = true;
        break;
      case "event":
        this.eventName = value;
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
    return null;
  }

  private dispatch(): SSEMessage | null {
    const message: SSEMessage | null = this.sawData
      ? { id: this.lastEventId, event: this.eventName || "message", data: this.data.join("\n") }
      : null;
    this.data = [];
    this.eventName = "";
    this.sawData = false;
    return message;
  }
}

/** Read a response body as SSE messages (an unfinished event at the end of the stream is dropped). */
export async function* readSSE(body: ReadableStream<Uint8Array>, parser = new SSEParser()): AsyncGenerator<SSEMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.feed(decoder.decode(value, { stream: true }));
    }
    yield* parser.feed(decoder.decode());
  } finally {
    reader.releaseLock();
  }
}
