/**
 * HTTP/1.1 by hand over one TCP connection (net.connect), for what fetch cannot do: send headers and
 * then stall, declare a body longer than the one sent, or put two requests on one connection.
 */
import net from 'node:net';

export interface RawConnection {
  /** Everything the server has sent so far. */
  received(): string;
  write(data: string | Buffer): void;
  /**
   * Resolves once the server has closed the connection, with what it sent; rejects after `withinMs`.
   * The bound is generous on purpose: it says "the server closes", not how fast.
   */
  closedByServer(withinMs: number): Promise<string>;
  /** Resolves once `count` answers (status lines) have arrived, or the connection closed first. */
  answers(count: number, withinMs: number): Promise<string[]>;
  destroy(): void;
}

const STATUS_LINE = /HTTP\/1\.1 \d{3}[^\r]*\r\n/g;

/** The status lines received, e.g. `['HTTP/1.1 413 Payload Too Large']`. */
export function statusLines(text: string): string[] {
  return [...text.matchAll(STATUS_LINE)].map((m) => m[0].trim());
}

export async function openRawConnection(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let text = '';
  let closed = false;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    changed();
  });
  // A reset is also the server closing the connection.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closed = true;
    changed();
  });

  function until(done: () => boolean, withinMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`${what} within ${withinMs} ms; received so far: ${JSON.stringify(text.slice(0, 500))}`),
        );
      }, withinMs);
      listeners.add(check);
      check();
    });
  }

  return {
    received: () => text,
    write: (data) => socket.write(data),
    async closedByServer(withinMs) {
      await until(() => closed, withinMs, 'the server did not close the connection');
      return text;
    },
    async answers(count, withinMs) {
      await until(() => closed || statusLines(text).length >= count, withinMs, `no ${count} answers`);
      return statusLines(text);
    },
    destroy: () => socket.destroy(),
  };
}
