/**
 * Reads the host's network state from /proc and /sys (roots injectable, so tests use fixture
 * folders): interface counters and facts, socket tables, and which process holds each socket.
 * Whatever permissions hide is left out rather than failing the whole read.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import {
  cidrOf,
  type IfaceCounters,
  parseCmdline,
  parseMac,
  parseNetDev,
  parseOperState,
  parseParentPid,
  parsePositiveInt,
  parseSocketTable,
  parseSpeed,
  type SocketEntry,
  socketInode,
} from './parse';

export type HostPaths = {
  procRoot: string;
  sysRoot: string;
  /** os.networkInterfaces(), or a stand-in. */
  addresses: () => NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]>;
};

export const defaultHostPaths: HostPaths = {
  procRoot: '/proc',
  sysRoot: '/sys',
  addresses: networkInterfaces,
};

export type ProcessInfo = { pid: number; name: string; command: string };

export type InterfaceFacts = {
  name: string;
  state: 'up' | 'down' | 'unknown';
  mac: string | null;
  addresses: string[];
  mtu: number | null;
  speedMbps: number | null;
};

const readOptional = (path: string) => readFile(path, 'utf8').catch(() => null);
const listOptional = (path: string) => readdir(path).catch(() => [] as string[]);

export function createHostReader(paths: Partial<HostPaths> = {}) {
  const opts = { ...defaultHostPaths, ...paths } satisfies HostPaths;
  const proc = (...parts: string[]) => join(opts.procRoot, ...parts);
  const sys = (...parts: string[]) => join(opts.sysRoot, 'class/net', ...parts);

  async function counters(): Promise<Map<string, IfaceCounters>> {
    const text = await readOptional(proc('net/dev'));
    return text ? parseNetDev(text) : new Map();
  }

  async function interfaceFacts(names: string[]): Promise<InterfaceFacts[]> {
    const addresses = opts.addresses();
    return Promise.all(
      names.map(async (name) => {
        const [operstate, address, mtu, speed] = await Promise.all([
          readOptional(sys(name, 'operstate')),
          readOptional(sys(name, 'address')),
          readOptional(sys(name, 'mtu')),
          readOptional(sys(name, 'speed')),
        ]);
        return {
          name,
          state: parseOperState(operstate),
          mac: parseMac(address),
          addresses: (addresses[name] ?? []).map((a) => cidrOf(a.address, a.cidr, a.netmask)),
          mtu: parsePositiveInt(mtu),
          speedMbps: parseSpeed(speed),
        };
      }),
    );
  }

  async function sockets(): Promise<SocketEntry[]> {
    const tables = await Promise.all(
      (['tcp', 'tcp6', 'udp', 'udp6'] as const).map(async (file) => {
        const text = await readOptional(proc('net', file));
        return text ? parseSocketTable(text, file.startsWith('tcp') ? 'tcp' : 'udp') : [];
      }),
    );
    return tables.flat();
  }

  /**
   * Socket inode → pid, for the inodes asked about only. Every process's fd folder is listed; the
   * ones this user may not read (other users' processes without CAP_SYS_PTRACE) are skipped.
   */
  async function socketOwners(
    inodes: Set<number>,
  ): Promise<{ owners: Map<number, number>; complete: boolean }> {
    const owners = new Map<number, number>();
    let complete = true;
    const pids = (await listOptional(opts.procRoot)).filter((entry) => /^\d+$/.test(entry));
    for (const pid of pids) {
      if (owners.size === inodes.size) break;
      let fds: string[];
      try {
        fds = await readdir(proc(pid, 'fd'));
      } catch {
        complete = false;
        continue;
      }
      await Promise.all(
        fds.map(async (fd) => {
          const link = await readlink(proc(pid, 'fd', fd)).catch(() => null);
          const inode = link === null ? null : socketInode(link);
          if (inode !== null && inodes.has(inode) && !owners.has(inode)) owners.set(inode, Number(pid));
        }),
      );
    }
    return { owners, complete: complete || owners.size === inodes.size };
  }

  async function processInfo(pid: number): Promise<ProcessInfo | null> {
    const [comm, cmdline] = await Promise.all([
      readOptional(proc(String(pid), 'comm')),
      readOptional(proc(String(pid), 'cmdline')),
    ]);
    if (comm === null) return null;
    return { pid, name: comm.trim(), command: cmdline === null ? '' : parseCmdline(cmdline) };
  }

  /** The pid and its ancestors (a few levels), to find a container's init behind a worker process. */
  async function ancestry(pid: number, depth = 6): Promise<number[]> {
    const chain = [pid];
    let current = pid;
    for (let i = 0; i < depth; i += 1) {
      const stat = await readOptional(proc(String(current), 'stat'));
      const parent = stat === null ? null : parseParentPid(stat);
      if (!parent || parent <= 1) break;
      chain.push(parent);
      current = parent;
    }
    return chain;
  }

  return { counters, interfaceFacts, sockets, socketOwners, processInfo, ancestry };
}

export type HostReader = ReturnType<typeof createHostReader>;
