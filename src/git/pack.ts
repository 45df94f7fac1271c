// Pack files as a pure writer over bytes, and handing a pack to git to index.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Git } from './repo.js';

export interface PackObject {
  type: 'commit' | 'tree' | 'blob';
  data: Buffer;
}

const TYPE_CODE = { commit: 1, tree: 2, blob: 3 } as const;

/** A version-2 pack of whole (undeltified) objects: header, each object's type/size and zlib data, sha1. */
export function writePack(objects: readonly PackObject[]): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  parts.push(header);
  for (const o of objects) {
    // size is a little-endian varint: 4 bits beside the type in the first byte, then 7 bits a byte
    let size = o.data.length;
    const bytes = [(TYPE_CODE[o.type] << 4) | (size & 0x0f)];
    size = Math.floor(size / 16);
    while (size > 0) {
      bytes[bytes.length - 1]! |= 0x80;
      bytes.push(size & 0x7f);
      size = Math.floor(size / 128);
    }
    parts.push(Buffer.from(bytes), deflateSync(o.data, { level: 1 }));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

/** Stores a pack in the repository (`git index-pack --stdin` checks every object as it indexes it). */
export async function storePack(git: Git, pack: Buffer): Promise<void> {
  await git.run(['index-pack', '--stdin'], { input: pack });
}
