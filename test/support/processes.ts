// What a process tree runs and where it listens, read from /proc (Linux): for the tests that check
// local mode binds loopback only and leaves no process or listener behind.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Pid, parent pid and state of a process, or undefined when it is gone (a zombie counts as gone). */
function stat(pid: number): { ppid: number; state: string } | undefined {
  try {
    // The command name (2nd field) is in parentheses and may hold spaces: split after it.
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', ppid = ''] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return state === 'Z' ? undefined : { ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

export const isAlive = (pid: number): boolean => stat(pid) !== undefined;

/** `pid` and every live process below it. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const child = Number(name);
    if (!Number.isInteger(child)) continue;
    const parent = stat(child)?.ppid;
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const child of children.get(p) ?? []) visit(child);
  };
  if (isAlive(pid)) visit(pid);
  return tree;
}

/** Live processes whose environment holds `name=value` (children inherit it: a JVM included). */
export function processesWithEnvironment(name: string, value: string): number[] {
  const entry = `${name}=${value}`;
  return readdirSync('/proc').flatMap((dir) => {
    const pid = Number(dir);
    if (!Number.isInteger(pid) || !isAlive(pid)) return [];
    try {
      return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(entry) ? [pid] : [];
    } catch {
      return [];
    }
  });
}

export interface Listener {
  readonly pid: number;
  readonly address: string;
  readonly port: number;
  /** The socket's inode: a later socket on the same port (another test's) has another. */
  readonly inode: string;
}

/** An address of /proc/net/tcp{,6} (hex, in host byte order per 32-bit word) as text. */
function addressOf(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)),
  );
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d), as the JVM listens: report the IPv4 address.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return bytes.slice(12).join('.');
  return Array.from({ length: 8 }, (_, i) =>
    (((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0)).toString(16),
  ).join(':');
}

/** Every listening TCP socket, by inode. */
function listeningSockets(): Map<string, { address: string; port: number }> {
  const sockets = new Map<string, { address: string; port: number }>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local = '', , state, , , , , , inode = ''] = fields;
      if (state !== '0A') continue; // LISTEN
      const [address = '', port = ''] = local.split(':');
      sockets.set(inode, { address: addressOf(address), port: parseInt(port, 16) });
    }
  }
  return sockets;
}

/** The listening sockets held by these processes. */
export function listenersOf(pids: readonly number[]): Listener[] {
  const sockets = listeningSockets();
  const found: Listener[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode === undefined ? undefined : sockets.get(inode);
      if (socket && inode) found.push({ pid, ...socket, inode });
    }
  }
  return found;
}

/** Whether this listening socket still exists, in any process. */
export const isStillListening = (listener: Listener): boolean =>
  listeningSockets().has(listener.inode);

/** Polls `condition` until it holds or `timeoutMs` passes; resolves with the last result. */
export async function eventually(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
