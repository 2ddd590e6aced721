import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The TCP ports this process listens on. On Linux, read from the kernel's socket table (every listening
 * socket whose inode is one of this process's open files); elsewhere, counted from Node's own handles.
 */
export function listeningTcpPorts(): number[] | number {
  if (process.platform !== 'linux') {
    return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;
  }
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // The descriptor closed while the folder was read.
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // st 0A is LISTEN; column 9 is the socket's inode.
      if (cols[3] === '0A' && inodes.has(cols[9] ?? '')) {
        ports.push(Number.parseInt((cols[1] ?? '').split(':')[1] ?? '', 16));
      }
    }
  }
  return ports.sort((a, b) => a - b);
}
