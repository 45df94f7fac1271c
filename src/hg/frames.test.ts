// The command-server wire format without a process: hand-built frames in, channels and payloads out.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeCommand, encodeInput, parseFrames, parseHello, resultCode } from './frames.js';

const frame = (ch: string, data: Buffer | string) => {
  const body = Buffer.from(data);
  const head = Buffer.alloc(5);
  head.write(ch, 0, 'latin1');
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
};
const ask = (ch: 'I' | 'L', size: number) => {
  const b = Buffer.alloc(5);
  b.write(ch, 0, 'latin1');
  b.writeUInt32BE(size, 1);
  return b;
};

test('encodeCommand frames runcommand with a big-endian length and NUL-separated UTF-8 arguments', () => {
  const b = encodeCommand(['log', '-T', '{node}\\0', 'é']);
  assert.equal(b.subarray(0, 11).toString(), 'runcommand\n');
  const body = Buffer.from('log\0-T\0{node}\\0\0é');
  assert.equal(b.readUInt32BE(11), body.length);
  assert.deepEqual(b.subarray(15), body);
  assert.throws(() => encodeCommand(['a\0b']), /NUL/);
});

test('encodeInput is a length then bytes; an empty answer is the end of input', () => {
  assert.deepEqual(encodeInput(Buffer.from('yes\n')), Buffer.from([0, 0, 0, 4, 0x79, 0x65, 0x73, 0x0a]));
  assert.deepEqual(encodeInput(Buffer.alloc(0)), Buffer.from([0, 0, 0, 0]));
});

test('parseFrames reads whole frames, input requests without payload, and waits on a cut frame', () => {
  const all = Buffer.concat([
    frame('o', 'out'),
    frame('e', 'err'),
    ask('L', 4096),
    frame('d', ''),
    frame('r', Buffer.from([0, 0, 0, 1])),
    frame('o', 'later'),
  ]);
  const cut = all.length - 2;
  const { frames, used } = parseFrames(all.subarray(0, cut));
  assert.deepEqual(
    frames.map((f) => [f.channel, 'data' in f ? f.data.toString('latin1') : f.size]),
    [
      ['o', 'out'],
      ['e', 'err'],
      ['L', 4096],
      ['d', ''],
      ['r', '\0\0\0\u0001'],
    ],
  );
  const rest = Buffer.concat([all.subarray(used, cut), all.subarray(cut)]);
  const next = parseFrames(rest);
  assert.equal(next.used, rest.length);
  assert.deepEqual(
    next.frames.map((f) => ('data' in f ? f.data.toString() : '')),
    ['later'],
  );
  // fewer than five bytes: not even a header yet
  assert.deepEqual(parseFrames(Buffer.from([0x6f, 0, 0])), { frames: [], used: 0 });
});

test('parseFrames marks channels it does not know, lower and upper case alike', () => {
  const { frames } = parseFrames(Buffer.concat([frame('x', 'hi'), frame('S', 'sys')]));
  assert.deepEqual(
    frames.map((f) => [f.channel, 'unknown' in f]),
    [
      ['x', true],
      ['S', true],
    ],
  );
});

test('resultCode reads a signed exit code; parseHello reads capabilities, encoding and pid', () => {
  assert.equal(resultCode(Buffer.from([0, 0, 0, 255])), 255);
  assert.equal(resultCode(Buffer.from([0xff, 0xff, 0xff, 0xff])), -1);
  assert.equal(resultCode(Buffer.alloc(0)), -1);
  const h = parseHello(Buffer.from('capabilities: getencoding runcommand\nencoding: utf-8\npid: 4242\npgid: 1'));
  assert.deepEqual(h, { capabilities: ['getencoding', 'runcommand'], encoding: 'utf-8', pid: 4242 });
  assert.deepEqual(parseHello(Buffer.from('nothing')), { capabilities: [], encoding: '', pid: null });
});
