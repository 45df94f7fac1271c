// Runs the proc-receive protocol over a hook's stdin and stdout, section by section, around a handler.
import type { Readable, Writable } from 'node:stream';
import { type Packet, PktLineError, parsePackets } from './pkt-line.js';
import {
  type ProcCommand,
  type ProcResult,
  parseCommands,
  parseVersion,
  type Section,
  sections,
  writeReport,
  writeVersion,
} from './proc-receive.js';

export interface ProcHandlerInput {
  commands: ProcCommand[];
  pushOptions: string[];
  capabilities: string[];
}

/** Reads flush-terminated sections from a stream as they arrive. */
class SectionReader {
  private buf = Buffer.alloc(0);
  private packets: Packet[] = [];
  private ended = false;
  private waiting: (() => void) | null = null;
  constructor(input: Readable) {
    input.on('data', (c: Buffer) => {
      this.buf = Buffer.concat([this.buf, c]);
      this.wake();
    });
    input.on('end', () => {
      this.ended = true;
      this.wake();
    });
    input.on('error', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  async next(): Promise<Section> {
    for (;;) {
      const parsed = parsePackets(this.buf);
      this.buf = Buffer.from(parsed.rest);
      this.packets.push(...parsed.packets);
      const flush = this.packets.findIndex((p) => p.kind === 'flush');
      if (flush >= 0) {
        const taken = this.packets.splice(0, flush + 1);
        return sections(taken).sections[0] ?? [];
      }
      if (this.ended) throw new PktLineError('proc-receive: receive-pack closed the pipe before the section ended');
      await new Promise<void>((r) => {
        this.waiting = r;
      });
    }
  }
}

/**
 * Speaks the hook's side: answers the version (asking for push options when receive-pack offers them),
 * reads the commands and options, lets `handle` decide, and writes its report.
 */
export async function serveProcReceive(
  input: Readable,
  output: Writable,
  handle: (req: ProcHandlerInput) => Promise<ProcResult[]>,
): Promise<void> {
  const reader = new SectionReader(input);
  const version = parseVersion(await reader.next());
  if (version.version !== 1)
    throw new PktLineError(`proc-receive: protocol version ${version.version} is not supported (dit speaks 1)`);
  const wantOptions = version.capabilities.includes('push-options');
  await write(output, writeVersion({ version: 1, capabilities: wantOptions ? ['push-options'] : [] }));
  const commands = parseCommands(await reader.next());
  const pushOptions = wantOptions ? await reader.next() : [];
  const results = await handle({ commands, pushOptions, capabilities: version.capabilities });
  await write(output, writeReport(results));
}

const write = (out: Writable, data: Buffer): Promise<void> =>
  new Promise((resolve, reject) => out.write(data, (err) => (err ? reject(err) : resolve())));
