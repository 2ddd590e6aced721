// Names that always mean this machine: a browser never asks DNS for them, so a page cannot rebind them.
const LOOPBACK_NAME = /^(?:localhost|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+localhost)$/;
const IPV4_LOOPBACK =
  /^127\.(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){2}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * True when a `Host` header names this machine by a loopback name (localhost, *.localhost, 127.x.x.x,
 * [::1]) and the server's own port. Any other name is a request a DNS-rebinding page made.
 */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const m = /^(\[::1\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.toLowerCase());
  if (!m) return false;
  const [, name = '', given] = m;
  // A browser leaves the port out only when it is the default one.
  if ((given === undefined ? 80 : Number(given)) !== port || given?.startsWith('0')) return false;
  return name === '[::1]' || LOOPBACK_NAME.test(name) || IPV4_LOOPBACK.test(name);
}

/** The names the local server answers to, for messages. */
export function loopbackHosts(port: number): string {
  return `localhost:${port}, 127.0.0.1:${port} or [::1]:${port}`;
}
