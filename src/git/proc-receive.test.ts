// The proc-receive protocol without processes: byte fixtures as git writes them, and write-then-parse properties.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import fc from 'fast-check';
import { FLUSH, PktLineError, parsePackets, writePacket } from './pkt-line.js';
import {
  type ProcResult,
  parseCommands,
  parseReport,
  parseRequest,
  parseVersion,
  sections,
  writeCommands,
  writePushOptions,
  writeReport,
  writeVersion,
} from './proc-receive.js';
import { serveProcReceive } from './proc-receive-io.js';

const A = 'a'.repeat(40);
const B = '0123456789abcdef0123456789abcdef01234567';
const Z = '0'.repeat(40);

test('pkt-line: lengths are four hex digits that count themselves; 0000 is a flush', () => {
  assert.equal(writePacket('version=1\n').toString('latin1'), '000eversion=1\n');
  assert.equal(writePacket('').toString('latin1'), '0004');
  assert.equal(writePacket('é').toString('latin1'), '0006\xc3\xa9', 'the length counts bytes, not characters');
  const { packets, rest } = parsePackets(Buffer.from('000eversion=1\n00000008ok x0004000'));
  assert.deepEqual(
    packets.map((p) => (p.kind === 'data' ? p.data.toString() : p.kind)),
    ['version=1\n', 'flush', 'ok x', ''],
  );
  assert.equal(rest.toString(), '000', 'an incomplete header waits for more bytes');
  assert.equal(parsePackets(Buffer.from('0010abc')).rest.toString(), '0010abc', 'an incomplete body waits too');
  assert.throws(() => parsePackets(Buffer.from('zzzz')), PktLineError);
  assert.throws(() => parsePackets(Buffer.from('0003')), PktLineError);
  assert.throws(() => writePacket(Buffer.alloc(65517)), RangeError);
});

test('version: receive-pack offers capabilities after a NUL; the hook answers with the ones it wants', () => {
  const bytes = Buffer.from('0035version=1\0push-options atomic object-format=sha1\n0000', 'latin1');
  const s = sections(parsePackets(bytes).packets).sections;
  assert.deepEqual(parseVersion(s[0]!), { version: 1, capabilities: ['push-options', 'atomic', 'object-format=sha1'] });
  assert.equal(
    writeVersion({ version: 1, capabilities: ['push-options'] }).toString('latin1'),
    '001aversion=1\0push-options0000',
  );
  assert.equal(writeVersion({ version: 1, capabilities: [] }).toString('latin1'), '000dversion=10000');
  assert.throws(() => parseVersion(['hello']), /expected "version=1"/);
});

test('commands: "<old> <new> <ref>" per packet, then a flush', () => {
  const line = `${Z} ${A} refs/for/main`;
  assert.equal(line.length + 4, 0x63);
  const bytes = Buffer.from(`0063${line}0065${Z} ${B} refs/for/x%t=a\n0000`, 'latin1');
  const s = sections(parsePackets(bytes).packets).sections;
  assert.deepEqual(parseCommands(s[0]!), [
    { old: Z, new: A, ref: 'refs/for/main' },
    { old: Z, new: B, ref: 'refs/for/x%t=a' },
  ]);
  assert.equal(writeCommands([{ old: Z, new: A, ref: 'refs/for/main' }]).toString('latin1'), `0063${line}0000`);
  assert.throws(() => parseCommands(['nonsense']), /bad command/);
  assert.throws(() => parseCommands([`${Z} xyz refs/for/main`]), /bad command/);
});

test('report: ok with the real ref and its old and new ids, ng with a reason', () => {
  const report = writeReport([
    { ref: 'refs/for/main', status: 'ok', refname: 'refs/heads/ticket/3f9a2c1', oldOid: Z, newOid: A },
    { ref: 'refs/for/3f9a', status: 'ok', refname: 'refs/heads/ticket/3f9a2c1', oldOid: A, newOid: B, forced: true },
    { ref: 'refs/for/nope', status: 'ng', reason: 'no ticket nope\nsecond line' },
    { ref: 'refs/for/other', status: 'ok', fallThrough: true },
  ]).toString('latin1');
  assert.equal(
    report,
    [
      '0014ok refs/for/main',
      '002coption refname refs/heads/ticket/3f9a2c1',
      `003boption old-oid ${Z}`,
      `003boption new-oid ${A}`,
      '0014ok refs/for/3f9a',
      '002coption refname refs/heads/ticket/3f9a2c1',
      `003boption old-oid ${A}`,
      `003boption new-oid ${B}`,
      '0018option forced-update',
      '002fng refs/for/nope no ticket nope second line',
      '0015ok refs/for/other',
      '0017option fall-through',
      '0000',
    ].join(''),
  );
  const back = parseReport(sections(parsePackets(Buffer.from(report, 'latin1')).packets).sections[0]!);
  assert.deepEqual(back[2], { ref: 'refs/for/nope', status: 'ng', reason: 'no ticket nope second line' });
  assert.throws(() => parseReport(['option refname x']), /bad report line/);
});

const oid = fc.stringMatching(/^[0-9a-f]{40}$/);
const refName = fc.stringMatching(/^refs\/for\/[A-Za-z0-9._/%=,-]{1,60}$/);
const plain = <T extends object>(a: fc.Arbitrary<T>): fc.Arbitrary<T> => a.map((x) => ({ ...x })); // fast-check's records have no prototype
const command = plain(fc.record({ old: oid, new: oid, ref: refName }));
const option = fc.stringMatching(/^[ -~]{0,80}$/);

test('property: commands and push options written as receive-pack does parse back the same', () => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 8 }), fc.array(option, { maxLength: 5 }), (commands, options) => {
      const bytes = Buffer.concat([
        writeVersion({ version: 1, capabilities: ['push-options', 'atomic'] }),
        writeCommands(commands),
        writePushOptions(options),
      ]);
      const req = parseRequest(bytes, true);
      assert.deepEqual(req.commands, commands);
      assert.deepEqual(req.pushOptions, options);
      assert.deepEqual(req.version.capabilities, ['push-options', 'atomic']);
    }),
    { numRuns: 300 },
  );
});

test('property: a report parses back to the same results', () => {
  const result: fc.Arbitrary<ProcResult> = fc.oneof(
    plain(
      fc.record({
        ref: refName,
        status: fc.constant('ok' as const),
        refname: refName,
        oldOid: oid,
        newOid: oid,
        forced: fc.constant(true),
      }),
    ),
    plain(fc.record({ ref: refName, status: fc.constant('ok' as const), refname: refName, oldOid: oid, newOid: oid })),
    plain(
      fc.record({ ref: refName, status: fc.constant('ng' as const), reason: fc.stringMatching(/^[!-~][ -~]{0,60}$/) }),
    ),
  );
  fc.assert(
    fc.property(fc.array(result, { maxLength: 6 }), (results) => {
      const back = parseReport(sections(parsePackets(writeReport(results)).packets).sections[0]!);
      assert.deepEqual(back, results);
    }),
    { numRuns: 300 },
  );
});

test('serveProcReceive answers the version before it reads commands, then reports', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  let seen: unknown = null;
  const done = serveProcReceive(input, output, async (req) => {
    seen = req;
    return [{ ref: 'refs/for/main', status: 'ng', reason: 'no' }];
  });
  input.write(writeVersion({ version: 1, capabilities: ['push-options', 'atomic'] }));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(
    Buffer.concat(chunks).toString('latin1'),
    '001aversion=1\0push-options0000',
    'the version answer comes first',
  );
  // commands split across writes, mid-packet
  const rest = Buffer.concat([
    writeCommands([{ old: Z, new: A, ref: 'refs/for/main' }]),
    writePushOptions(['topic=x']),
  ]);
  input.write(rest.subarray(0, 7));
  await new Promise((r) => setTimeout(r, 5));
  input.end(rest.subarray(7));
  await done;
  assert.deepEqual(seen, {
    commands: [{ old: Z, new: A, ref: 'refs/for/main' }],
    pushOptions: ['topic=x'],
    capabilities: ['push-options', 'atomic'],
  });
  assert.ok(Buffer.concat(chunks).toString('latin1').endsWith('0017ng refs/for/main no0000'));
});

test('serveProcReceive fails clearly when receive-pack hangs up early', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  const done = serveProcReceive(input, output, async () => []);
  input.end(Buffer.concat([writeVersion({ version: 1, capabilities: [] }), Buffer.from('0063')]));
  await assert.rejects(done, /closed the pipe/);
  void FLUSH;
});
