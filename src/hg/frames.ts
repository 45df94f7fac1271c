// Mercurial's command-server wire format as pure functions: a channel byte, a big-endian u32, a payload.

/** One frame from hg: output channels carry data; `I` and `L` ask for at most `size` bytes of input. */
export type Frame =
  | { channel: 'o' | 'e' | 'd' | 'r'; data: Buffer }
  | { channel: 'I' | 'L'; size: number }
  | { channel: string; data: Buffer; unknown: true };

/** The hello hg sends first: what it can do and the encoding it speaks. */
export interface Hello {
  capabilities: string[];
  encoding: string;
  pid: number | null;
}

/** A command for hg's stdin: `runcommand\n`, the length, the arguments separated by NUL bytes. */
export function encodeCommand(args: readonly string[]): Buffer {
  for (const a of args) if (a.includes('\0')) throw new RangeError('an hg argument cannot contain a NUL byte');
  const body = Buffer.from(args.join('\0'), 'utf8');
  return Buffer.concat([Buffer.from('runcommand\n'), u32(body.length), body]);
}

/** An answer to an `I`/`L` request: the length then the bytes; an empty answer is the end of input. */
export function encodeInput(data: Buffer): Buffer {
  return Buffer.concat([u32(data.length), data]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/**
 * Reads whole frames from the front of `buf`. Returns them and how many bytes they took; a frame cut
 * short waits for the next read. Lower-case channels hg may add later are returned as unknown (the
 * protocol says to ignore them); an unknown upper-case one is required and the caller must stop.
 */
export function parseFrames(buf: Buffer): { frames: Frame[]; used: number } {
  const frames: Frame[] = [];
  let at = 0;
  while (buf.length - at >= 5) {
    const channel = String.fromCharCode(buf[at]!);
    const size = buf.readUInt32BE(at + 1);
    if (channel === 'I' || channel === 'L') {
      frames.push({ channel, size });
      at += 5;
      continue;
    }
    if (buf.length - at - 5 < size) break;
    const data = buf.subarray(at + 5, at + 5 + size);
    at += 5 + size;
    if (channel === 'o' || channel === 'e' || channel === 'd' || channel === 'r') frames.push({ channel, data });
    else frames.push({ channel, data, unknown: true });
  }
  return { frames, used: at };
}

/** The exit code in a result frame: a signed big-endian 32-bit integer. */
export function resultCode(data: Buffer): number {
  return data.length >= 4 ? data.readInt32BE(0) : -1;
}

/** The hello's fields (`capabilities: a b`, `encoding: x`, `pid: n`, one per line). */
export function parseHello(data: Buffer): Hello {
  const fields = new Map<string, string>();
  for (const line of data.toString('utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const pid = Number(fields.get('pid'));
  return {
    capabilities: (fields.get('capabilities') ?? '').split(/\s+/).filter(Boolean),
    encoding: fields.get('encoding') ?? '',
    pid: Number.isInteger(pid) && pid > 0 ? pid : null,
  };
}
