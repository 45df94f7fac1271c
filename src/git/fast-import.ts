// Bulk writes: one commit with many files through `git fast-import`, which writes a pack directly.
import { spawn } from 'node:child_process';
import { DitError } from '../errors.js';
import type { Git } from './repo.js';

export interface BulkFile { path: string; data: Buffer }

/**
 * Commits `files` on top of `parent`'s tree to `ref`. git refuses if `ref` moved away from `parent`
 * meanwhile (fast-import only fast-forwards), so a concurrent writer is never overwritten.
 */
export async function bulkCommit(git: Git, ref: string, parent: string | null, message: string, who: { name: string; email: string }, files: readonly BulkFile[]): Promise<string> {
  const child = spawn('git', ['fast-import', '--quiet', '--date-format=now'], { cwd: git.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  child.stdin.on('error', () => {});
  const write = (chunk: string | Buffer) => child.stdin.write(chunk) ? Promise.resolve() : new Promise<void>((r) => child.stdin.once('drain', () => r()));
  const msg = Buffer.from(message);
  const ident = `${who.name.replace(/[<>\n]/g, '')} <${who.email.replace(/[<>\n]/g, '')}>`;
  await write(`commit ${ref}\ncommitter ${ident} now\ndata ${msg.length}\n`);
  await write(msg);
  await write(`\n${parent ? `from ${parent}\n` : ''}`);
  for (const f of files) {
    if (/[\n"]/.test(f.path)) throw new DitError('bad-input', `cannot import a file named ${JSON.stringify(f.path)}`);
    await write(`M 100644 inline ${f.path}\ndata ${f.data.length}\n`);
    await write(f.data);
    await write('\n');
  }
  await write('done\n');
  child.stdin.end();
  const code = await done;
  if (code !== 0) {
    throw new DitError(/not a fast.forward|non.fast.forward/i.test(stderr) ? 'conflict' : 'git-failed', `git fast-import failed: ${stderr.trim()}; nothing was imported`);
  }
  const oid = await git.oid(`${ref}^{commit}`);
  if (!oid) throw new DitError('git-failed', `git fast-import did not create ${ref}`);
  return oid;
}

/** Brings the index and working tree from one commit's tree to another's, keeping other changes. */
export async function checkoutChange(git: Git, from: string | null, to: string): Promise<void> {
  await git.run(from ? ['read-tree', '-m', '-u', from, to] : ['read-tree', '-m', '-u', to]);
}
