// SSH's wire encoding (RFC 4251 §5): the uint32, string and mpint fields keys and signatures are made of.

/** Reads SSH wire fields from a buffer; any read past the end throws a `WireError`. */
export class WireReader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos === this.buf.length;
  }

  bytes(n: number): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) throw new WireError('truncated');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(): number {
    return this.bytes(1)[0]!;
  }

  u32(): number {
    return this.bytes(4).readUInt32BE(0);
  }

  string(): Buffer {
    return this.bytes(this.u32());
  }

  text(): string {
    return this.string().toString('latin1');
  }

  /** An mpint as unsigned big-endian bytes without leading zeros (keys and signatures never hold negatives). */
  mpint(): Buffer {
    const b = this.string();
    if (b.length && b[0]! & 0x80) throw new WireError('negative mpint');
    let i = 0;
    while (i < b.length && b[i] === 0) i++;
    return b.subarray(i);
  }
}

export class WireError extends Error {}

export function wireString(data: Buffer | string): Buffer {
  const b = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}
