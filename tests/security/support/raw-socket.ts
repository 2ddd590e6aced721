import { connect, type Socket } from 'node:net';

/** What came back on a raw connection: the status, the bytes, and whether the server closed it. */
export interface RawExchange {
  status: number;
  text: string;
  /** True once the server ended the connection. */
  closed: Promise<void>;
  socket: Socket;
}

/**
 * Opens a connection to `port`, writes `head` (request line and headers), then hands the socket to `feed`
 * (which may write part of a body, or nothing); resolves once a whole response head has arrived.
 */
export function exchange(
  port: number,
  head: string,
  feed: (socket: Socket) => Promise<void> = async () => {},
): Promise<RawExchange> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      const had = text.includes('\r\n\r\n');
      text += chunk;
      if (!had && text.includes('\r\n\r\n')) {
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text, closed, socket });
      }
    });
    // The server may close after its answer while the client still writes: that is the point.
    socket.on('error', () => {});
    socket.once('close', () => {
      if (!text.includes('\r\n\r\n')) reject(new Error(`the connection closed without an answer: ${text}`));
    });
    socket.write(head, 'latin1');
    feed(socket).catch(reject);
  });
}

/** Writes `data` and waits until the socket has taken it (or the server closed the connection). */
export function write(socket: Socket, data: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.write(data, () => resolve());
  });
}
