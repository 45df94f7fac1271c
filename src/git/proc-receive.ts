// The proc-receive hook protocol (githooks(5)) as pure parse/write functions: version, commands, push options, report.
import { FLUSH, type Packet, PktLineError, packetText, parsePackets, writePacket } from './pkt-line.js';

export interface Version {
  version: number;
  capabilities: string[];
}
/** One ref update receive-pack hands to the hook: old is always zeros for a pseudo-ref like refs/for/main. */
export interface ProcCommand {
  old: string;
  new: string;
  ref: string;
}

/**
 * What the hook answers for one command. `ok` with `refname` etc. reports the ref it really updated;
 * `fallThrough` hands the command back to receive-pack; `ng` refuses it with a reason.
 */
export type ProcResult =
  | { ref: string; status: 'ok'; refname?: string; oldOid?: string; newOid?: string; forced?: boolean }
  | { ref: string; status: 'ok'; fallThrough: true }
  | { ref: string; status: 'ng'; reason: string };

/** One section: the data packets up to (not including) the next flush. */
export type Section = string[];

/** Groups packets into flush-terminated sections of text lines; `rest` is what has not been terminated yet. */
export function sections(packets: readonly Packet[]): { sections: Section[]; rest: Packet[] } {
  const out: Section[] = [];
  let current: string[] = [];
  let start = 0;
  packets.forEach((p, i) => {
    if (p.kind === 'flush') {
      out.push(current);
      current = [];
      start = i + 1;
    } else if (p.kind === 'data') current.push(packetText(p));
    else throw new PktLineError(`unexpected ${p.kind} packet in the proc-receive protocol`);
  });
  return { sections: out, rest: packets.slice(start) };
}

export function parseVersion(lines: Section): Version {
  const first = lines[0];
  if (first === undefined) throw new PktLineError('proc-receive: no version line');
  const [head, caps = ''] = first.split('\0');
  const m = /^version=(\d+)$/.exec(head ?? '');
  if (!m) throw new PktLineError(`proc-receive: expected "version=1", got ${JSON.stringify(head)}`);
  return { version: Number(m[1]), capabilities: caps.split(' ').filter(Boolean) };
}

export function writeVersion(v: Version): Buffer {
  const caps = v.capabilities.length ? `\0${v.capabilities.join(' ')}` : '';
  return Buffer.concat([writePacket(`version=${v.version}${caps}`), FLUSH]);
}

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export function parseCommands(lines: Section): ProcCommand[] {
  return lines.map((line) => {
    const m = /^(\S+) (\S+) (.+)$/.exec(line);
    if (!m || !OID.test(m[1]!) || !OID.test(m[2]!))
      throw new PktLineError(`proc-receive: bad command ${JSON.stringify(line)}`);
    return { old: m[1]!, new: m[2]!, ref: m[3]! };
  });
}

export function writeCommands(commands: readonly ProcCommand[]): Buffer {
  return Buffer.concat([...commands.map((c) => writePacket(`${c.old} ${c.new} ${c.ref}`)), FLUSH]);
}

export function writePushOptions(options: readonly string[]): Buffer {
  return Buffer.concat([...options.map((o) => writePacket(o)), FLUSH]);
}

/** Reasons and ref names are one line: git would cut the packet at a newline anyway. */
const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

export function writeReport(results: readonly ProcResult[]): Buffer {
  const parts: Buffer[] = [];
  for (const r of results) {
    if (r.status === 'ng') {
      parts.push(writePacket(`ng ${r.ref} ${oneLine(r.reason) || 'refused'}`));
      continue;
    }
    parts.push(writePacket(`ok ${r.ref}`));
    if ('fallThrough' in r) {
      parts.push(writePacket('option fall-through'));
      continue;
    }
    if (r.refname) parts.push(writePacket(`option refname ${r.refname}`));
    if (r.oldOid) parts.push(writePacket(`option old-oid ${r.oldOid}`));
    if (r.newOid) parts.push(writePacket(`option new-oid ${r.newOid}`));
    if (r.forced) parts.push(writePacket('option forced-update'));
  }
  return Buffer.concat([...parts, FLUSH]);
}

/** Reads a report back (what receive-pack does with the hook's answer); used by tests and tools. */
export function parseReport(lines: Section): ProcResult[] {
  const out: ProcResult[] = [];
  for (const line of lines) {
    const ng = /^ng (\S+) (.*)$/.exec(line);
    if (ng) {
      out.push({ ref: ng[1]!, status: 'ng', reason: ng[2]! });
      continue;
    }
    const ok = /^ok (\S+)$/.exec(line);
    if (ok) {
      out.push({ ref: ok[1]!, status: 'ok' });
      continue;
    }
    const opt = /^option (\S+)(?: (.*))?$/.exec(line);
    const last = out.at(-1);
    if (!opt || !last || last.status !== 'ok')
      throw new PktLineError(`proc-receive: bad report line ${JSON.stringify(line)}`);
    const [, key, value = ''] = opt;
    const r = last as Record<string, unknown>;
    if (key === 'fall-through') r.fallThrough = true;
    else if (key === 'refname') r.refname = value;
    else if (key === 'old-oid') r.oldOid = value;
    else if (key === 'new-oid') r.newOid = value;
    else if (key === 'forced-update') r.forced = true;
    else throw new PktLineError(`proc-receive: unknown report option ${JSON.stringify(key)}`);
  }
  return out;
}

/** What a hook learns from receive-pack, in order; the hook answers after `version` and after the rest. */
export interface ProcRequest {
  version: Version;
  commands: ProcCommand[];
  pushOptions: string[];
}

/**
 * Parses a whole request as receive-pack sends it (for tests; the hook reads it section by section,
 * since receive-pack waits for the hook's version before sending commands).
 */
export function parseRequest(bytes: Buffer, pushOptions: boolean): ProcRequest {
  const { packets, rest } = parsePackets(bytes);
  if (rest.length) throw new PktLineError('proc-receive: truncated packet');
  const s = sections(packets).sections;
  const version = parseVersion(s[0] ?? []);
  return { version, commands: parseCommands(s[1] ?? []), pushOptions: pushOptions ? (s[2] ?? []) : [] };
}
