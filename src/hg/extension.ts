// dit's Mercurial extension as text: written under .hg/dit/ and loaded into dit's own command server only.
// hg has no plumbing to commit without a working copy or to read many files by node in one call; its
// Python API does (memctx, filelogs), so these few commands speak NUL-separated records for src/hg/.
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const EXTENSION = String.raw`# dit's Mercurial extension: plumbing hg lacks as commands (commits without a working copy, files by node).
#
# Loaded only into dit's own command server ('--config extensions.dit=<this file>'), never into the
# user's hg. Every command speaks NUL-separated records on stdout and reads its input from stdin (the
# command server's input channel); none touches the working copy, the dirstate or bookmarks.
from mercurial import context, error, registrar, scmutil
from mercurial.node import bin, hex, nullid

cmdtable = {}
command = registrar.command(cmdtable)
testedwith = b'6.3'


def _readall(ui):
    chunks = []
    while True:
        c = ui.fin.read(1 << 20)
        if not c:
            break
        chunks.append(c)
    return b''.join(chunks)


def _fields(data):
    """Splits 'key\\0value\\0...' until an empty key: the header of a request."""
    out = {}
    at = 0
    while True:
        end = data.index(b'\0', at)
        key = data[at:end]
        at = end + 1
        if not key:
            return out, at
        end = data.index(b'\0', at)
        out.setdefault(key, []).append(data[at:end])
        at = end + 1


@command(b'debugdit-commit', [], b'', norepo=False)
def commit(ui, repo, **opts):
    """Commits files on top of given parents without touching the working copy.

    stdin: a header of 'key\\0value\\0' pairs ended by '\\0' (parent, branch, user, date, message,
    expect-branch, expect, and per file: 'add' path with its 'size', 'keep' path (taken from the second
    parent), 'remove' path or folder), then the bytes of the added files in order. 'expect' (a node, or
    'none') must still be a head of the branch 'expect-branch' (with 'none': the branch has no head),
    checked under the store lock: else exit 1 and 'conflict' on stdout. Prints the new node.
    """
    data = _readall(ui)
    head, at = _fields(data)
    parents = [repo[bin(p)] for p in head.get(b'parent', [])]
    while len(parents) < 2:
        parents.append(repo[nullid])
    adds = {}
    for path, size in zip(head.get(b'add', []), head.get(b'size', [])):
        n = int(size)
        adds[path] = data[at:at + n]
        at += n
    keep = set(head.get(b'keep', []))
    removes = set(head.get(b'remove', []))
    # a removed folder takes everything under it
    gone = set()
    if removes and parents[0].node() != nullid:
        dirs = set(r.rstrip(b'/') for r in removes)
        for f in parents[0].manifest().keys():
            if f in removes:
                gone.add(f)
                continue
            cut = f.rfind(b'/')
            while cut > 0:
                if f[:cut] in dirs:
                    gone.add(f)
                    break
                cut = f.rfind(b'/', 0, cut)
    files = sorted(set(adds) | keep | gone)
    p2 = parents[1]

    def filectxfn(repo_, mctx, path):
        if path in adds:
            return context.memfilectx(repo_, mctx, path, adds[path])
        if path in keep:
            return context.memfilectx(repo_, mctx, path, p2[path].data())
        return None

    branch = head.get(b'branch', [parents[0].branch()])[0]
    ctx = context.memctx(
        repo,
        (parents[0].node(), p2.node()),
        head.get(b'message', [b'dit'])[0],
        files,
        filectxfn,
        user=head.get(b'user', [None])[0],
        date=head.get(b'date', [None])[0],
        extra={b'branch': branch},
    )
    with repo.lock():
        if b'expect-branch' in head:
            want = head[b'expect'][0]
            heads = [hex(h) for h in repo.branchheads(head[b'expect-branch'][0])]
            if (want == b'none' and heads) or (want != b'none' and want not in heads):
                ui.write(b'conflict\0%s\0' % b' '.join(heads))
                return 1
        node = repo.commitctx(ctx)
    ui.write(hex(node))
    return 0


@command(b'debugdit-files', [], b'REV PREFIX', norepo=False)
def files(ui, repo, rev, prefix):
    """Lists the files of a revision under a folder: 'path\\0node\\0flags\\0' each (node: the file node)."""
    ctx = scmutil.revsingle(repo, rev)
    m = ctx.manifest()
    p = prefix.rstrip(b'/') + b'/' if prefix else b''
    out = []
    if p and hasattr(m, 'hasdir') and not m.hasdir(p.rstrip(b'/')):
        return 0
    for path, node in m.items():
        if path.startswith(p):
            out.append(b'%s\0%s\0%s\0' % (path, hex(node), m.flags(path)))
    ui.write(b''.join(out))
    return 0


@command(b'debugdit-cat', [], b'', norepo=False)
def cat(ui, repo, **opts):
    """Reads files by path and file node. stdin: 'path\\0node\\0' each; prints 'node size\\n<bytes>' each (size -1: missing)."""
    data = _readall(ui)
    parts = data.split(b'\0')
    out = []
    for i in range(0, len(parts) - 1, 2):
        path, node = parts[i], parts[i + 1]
        try:
            text = repo.file(path).read(bin(node))
        except (error.LookupError, error.RevlogError, KeyError, TypeError, ValueError):
            out.append(b'%s -1\n' % node)
            continue
        out.append(b'%s %d\n' % (node, len(text)))
        out.append(text)
    ui.write(b''.join(out))
    return 0


@command(b'debugdit-names', [], b'', norepo=False)
def names(ui, repo, **opts):
    """Every name a view may be asked for: 'B name node' bookmarks, 'H branch node' each open head of
    each named branch (newest first), 'T name node date' tags (not tip), as NUL-separated fields."""
    out = []
    for name, node in sorted(repo._bookmarks.items()):
        out.append(b'B\0%s\0%s\0\0' % (name, hex(node)))
    for branch in sorted(repo.branchmap()):
        for node in repo.branchheads(branch):
            out.append(b'H\0%s\0%s\0\0' % (branch, hex(node)))
    for name, node in repo.tagslist():
        if name == b'tip' or node not in repo:
            continue
        out.append(b'T\0%s\0%s\0%d\0' % (name, hex(node), int(repo[node].date()[0])))
    ui.write(b''.join(out))
    return 0
`;

/** Writes the extension under `dir` (once per version of its text) and returns its path. */
export async function extensionFile(dir: string): Promise<string> {
  const name = `dit_hg_${createHash('sha1').update(EXTENSION).digest('hex').slice(0, 10)}.py`;
  const path = join(dir, name);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${process.pid}`;
  await writeFile(tmp, EXTENSION);
  await rename(tmp, path);
  return path;
}
