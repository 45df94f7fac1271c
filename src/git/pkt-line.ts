// git's pkt-line framing as pure functions over bytes: 4 hex digits of length (itself included), then data.
/** A flush packet (`0000`) ends a section; other special lengths (delim `0001`, end `0002`) are kept apart. */
export type Packet = { kind: 'data'; data: Buffer } | { kind: 'flush' } | { kind: 'delim' } | { kind: 'end' };

/** Largest payload in one packet (LARGE_PACKET_MAX 65520 minus the 4-byte header). */
export const MAX_PAYLOAD = 65516;

export const FLUSH = Buffer.from('0000', 'latin1');

/** One data packet. Text payloads get no newline added: callers decide (git tolerates either). */
export function writePacket(data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (body.length > MAX_PAYLOAD)
    throw new RangeError(`a pkt-line carries at most ${MAX_PAYLOAD} bytes, not ${body.length}`);
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0'), 'latin1'), body]);
}

export class PktLineError extends Error {}

/**
 * Splits bytes into packets; `rest` holds an incomplete trailing packet (feed it back with more bytes).
 * Throws PktLineError on a malformed length, which no more bytes could repair.
 */
export function parsePackets(buf: Buffer): { packets: Packet[]; rest: Buffer } {
  const packets: Packet[] = [];
  let i = 0;
  while (i + 4 <= buf.length) {
    const head = buf.toString('latin1', i, i + 4);
    if (!/^[0-9a-f]{4}$/.test(head)) throw new PktLineError(`bad pkt-line length ${JSON.stringify(head)}`);
    const len = parseInt(head, 16);
    if (len === 0) {
      packets.push({ kind: 'flush' });
      i += 4;
      continue;
    }
    if (len === 1) {
      packets.push({ kind: 'delim' });
      i += 4;
      continue;
    }
    if (len === 2) {
      packets.push({ kind: 'end' });
      i += 4;
      continue;
    }
    if (len < 4) throw new PktLineError(`bad pkt-line length ${len}`);
    if (i + len > buf.length) break;
    packets.push({ kind: 'data', data: buf.subarray(i + 4, i + len) });
    i += len;
  }
  return { packets, rest: buf.subarray(i) };
}

/** A data packet's text with one trailing newline removed, as git's packet_read_line does. */
export const packetText = (p: Packet & { kind: 'data' }): string => {
  const s = p.data.toString('utf8');
  return s.endsWith('\n') ? s.slice(0, -1) : s;
};
