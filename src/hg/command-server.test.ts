// The command-server client against a real hg: commands, exit codes, input, other writers, and a killed hg.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isDitError } from '../errors.js';
import { CommandServer } from './command-server.js';

const HAVE = spawnSync('hg', ['--version'], { stdio: 'ignore' }).status === 0;
const skip = HAVE || process.env.CI === 'true' ? false : 'hg is not installed';

function repo(): { dir: string; env: NodeJS.ProcessEnv; hg: (...a: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'dit-hg-cmdserver-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, HOME: dir, HGRCPATH: '', HGUSER: 'Ann Author <ann@example.com>', LANG: 'C' };
  const hg = (...a: string[]) => execFileSync('hg', a, { cwd: dir, env, encoding: 'utf8' });
  hg('init');
  return { dir, env, hg };
}

test('runs commands over one hg process, with templates, UTF-8 and exit codes', { skip }, async () => {
  const r = repo();
  writeFileSync(join(r.dir, 'résumé.txt'), 'one\n');
  r.hg('commit', '-A', '-m', 'première ligne');
  const hg = new CommandServer(r.dir, r.env);
  try {
    const log = await hg.text(['log', '-T', '{node}\\0{desc}\\0']);
    const [node, desc] = log.split('\0');
    assert.match(node!, /^[0-9a-f]{40}$/);
    assert.equal(desc, 'première ligne');
    const pid = hg.pid;
    assert.ok(pid);
    assert.equal(await hg.text(['files', '-r', node!, '-T', '{path}\\0']), 'résumé.txt\0');
    assert.equal(hg.pid, pid, 'the same hg answers every command');

    const bad = await hg.run(['cat', '-r', 'nosuchrev', 'x']).catch((e) => e);
    assert.ok(isDitError(bad, 'hg-failed'));
    assert.match(bad.message, /hg cat failed: abort: unknown revision 'nosuchrev'/);
    assert.equal(bad.data.code, 255);
    assert.deepEqual(bad.data.args, ['cat', '-r', 'nosuchrev', 'x']);

    const none = await hg.run(['commit', '-m', 'nothing'], { okCodes: [1] });
    assert.equal(none.code, 1);
    assert.match(none.stdout.toString(), /nothing changed/);
  } finally {
    hg.close();
  }
});

test('answers input requests from the input given, and refuses them without', { skip }, async () => {
  const r = repo();
  writeFileSync(join(r.dir, 'a'), 'a\n');
  r.hg('commit', '-A', '-m', 'a');
  const hg = new CommandServer(r.dir, r.env);
  try {
    const patch =
      '# HG changeset patch\n# User Bo <bo@example.com>\nadd b\n\ndiff --git a/b b/b\nnew file mode 100644\n--- /dev/null\n+++ b/b\n@@ -0,0 +1,1 @@\n+bee\n';
    await hg.run(['import', '-'], { input: patch });
    assert.equal(await hg.text(['log', '-r', 'tip', '-T', '{desc}|{author}|{files}']), 'add b|Bo <bo@example.com>|b');
    const refused = await hg.run(['import', '-']).catch((e) => e);
    assert.ok(isDitError(refused, 'hg-failed'));
    assert.match(refused.message, /no diffs found/);
  } finally {
    hg.close();
  }
});

test('queued commands answer in order, and see what another process wrote in between', { skip }, async () => {
  const r = repo();
  const hg = new CommandServer(r.dir, r.env);
  try {
    const asked = Array.from({ length: 20 }, (_, i) => hg.text(['log', '-r', 'null', '-T', `${i}`]));
    assert.deepEqual(
      await Promise.all(asked),
      Array.from({ length: 20 }, (_, i) => `${i}`),
    );
    writeFileSync(join(r.dir, 'x'), 'x\n');
    r.hg('commit', '-A', '-m', 'from outside');
    assert.equal(await hg.text(['log', '-r', 'tip', '-T', '{desc}']), 'from outside');
  } finally {
    hg.close();
  }
});

test('a killed hg is started again and the command retried once; a clear error when it dies again', {
  skip,
}, async () => {
  const r = repo();
  writeFileSync(join(r.dir, 'a'), 'a\n');
  r.hg('commit', '-A', '-m', 'a');
  const hg = new CommandServer(r.dir, r.env);
  try {
    await hg.text(['log', '-r', 'tip', '-T', '{node}']);
    const first = hg.pid!;
    process.kill(first, 'SIGKILL');
    // asked at once, before node has seen hg die: the command goes to the dead process and must be retried
    assert.equal(await hg.text(['log', '-r', 'tip', '-T', '{desc}']), 'a');
    assert.equal(hg.restarts, 1);
    assert.ok(hg.pid && hg.pid !== first);

    // a hook that kills the command server each time: one retry, then an error that says what happened
    const killer = ['--config', 'hooks.pre-log=kill -9 $PPID', 'log', '-r', 'tip'];
    const err = await hg.run(killer).catch((e) => e);
    assert.ok(isDitError(err, 'hg-failed'), String(err));
    assert.match(err.message, /hg stopped while running `hg log` twice/);
    assert.match(err.message, /hg verify/);
    assert.equal(hg.restarts, 2);
    // and the next command works on a fresh hg
    assert.equal(await hg.text(['log', '-r', 'tip', '-T', '{desc}']), 'a');

    const once = await hg.run(killer, { retry: false }).catch((e) => e);
    assert.ok(isDitError(once, 'hg-failed'));
    assert.doesNotMatch(once.message, /twice/);
  } finally {
    hg.close();
  }
});

test('without hg on PATH the error says to install Mercurial', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dit-hg-none-'));
  const hg = new CommandServer(dir, { ...process.env, PATH: dir });
  try {
    const err = await hg.run(['version']).catch((e) => e);
    assert.ok(isDitError(err, 'hg-failed'));
    assert.match(err.message, /could not run hg .*install Mercurial/);
  } finally {
    hg.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
