/** One Server-Sent Event: its type (`message` unless an `event:` line named one) and its data lines joined by \n. */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Incremental Server-Sent Events decoder, after the WHATWG "event stream interpretation". Reads split the
 * stream anywhere (mid-line, mid-UTF-8 character, between the \r and \n of one line ending), so it keeps the
 * undecoded bytes and the unfinished line between pushes and hands back only complete events.
 */
export class SseDecoder {
  readonly #utf8 = new TextDecoder('utf-8');
  #line = '';
  /** The last character seen was \r: a \n right after it ends the same line, not a second (empty) one. */
  #afterCr = false;
  #data: string[] = [];
  #event = '';

  /** Feeds the next read; returns the events it completed, in order. */
  push(bytes: Uint8Array): SseEvent[] {
    return this.#feed(this.#utf8.decode(bytes, { stream: true }));
  }

  /** End of stream. An event without its closing blank line is dropped, as the spec says: it may be cut short. */
  end(): SseEvent[] {
    const events = this.#feed(this.#utf8.decode());
    this.#line = '';
    this.#data = [];
    this.#event = '';
    return events;
  }

  #feed(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#afterCr) {
        this.#afterCr = false;
        if (c === 0x0a) {
          start = i + 1;
          continue;
        }
      }
      if (c === 0x0a || c === 0x0d) {
        this.#line += text.slice(start, i);
        this.#takeLine(this.#line, events);
        this.#line = '';
        start = i + 1;
        this.#afterCr = c === 0x0d;
      }
    }
    this.#line += text.slice(start);
    return events;
  }

  #takeLine(line: string, events: SseEvent[]): void {
    if (line === '') {
      if (this.#data.length > 0)
        events.push({ event: this.#event || 'message', data: this.#data.join('\n') });
      this.#data = [];
      this.#event = '';
      return;
    }
    if (line.startsWith(':')) return; // a comment, e.g. a keep-alive
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#event = value;
    // `id` and `retry` only matter to a reconnecting EventSource; one POST is never resumed.
  }
}
