// Concurrent writers on one working copy: CLI into the tree store, CLI into the shared journal, HTTP, and CLI with HTTP.
import { newTicket, tempRepo, type Repo } from '../test/support/helpers.js';
import { ditAsync, http, row, serveOf, timed, type Row } from './harness.js';

export type WriterMode = 'cli-tree' | 'cli-shared' | 'http' | 'mixed';

const bodies = (r: Repo, id: string): string[] => (r.json('show', id).ticket.comments as { body: string }[]).map((c) => c.body);

/** `writers` writers each post `per` comments on one ticket at the same time; every accepted one must be there, once. */
export async function concurrentWriters(mode: WriterMode, writers: number, per: number): Promise<Row> {
  const r = row(`writers ${mode} ${writers}x${per}`);
  return timed(r, async () => {
    const repo = tempRepo();
    const shared = mode === 'cli-shared';
    const id = newTicket(repo, 'Busy ticket', ...(shared ? ['--shared'] : ['--commit']));
    const server = mode === 'http' || mode === 'mixed' ? await serveOf(repo) : null;
    const accepted: string[] = [];
    const failures = new Map<string, number>();
    const fail = (what: string) => { r.errors++; failures.set(what, (failures.get(what) ?? 0) + 1); };
    try {
      await Promise.all(Array.from({ length: writers }, async (_, w) => {
        const viaHttp = mode === 'http' || (mode === 'mixed' && w % 2 === 1);
        for (let i = 0; i < per; i++) {
          const text = `writer ${w} comment ${i}`;
          r.tried++;
          if (viaHttp) {
            const res = await http(server!.url, 'POST', `/api/tickets/${id}/comments`, server!.host, { body: text }, server!.token);
            if (res.status === 201 || res.status === 200) accepted.push(text);
            else fail(`HTTP ${res.status} ${res.body.slice(0, 160)}`);
          } else {
            const res = await ditAsync(repo, 'comment', id, text, ...(shared ? ['--shared'] : []));
            if (res.code === 0) accepted.push(text);
            else fail(`exit ${res.code}: ${res.stderr.trim().split('\n')[0]?.slice(0, 160)}`);
          }
        }
      }));
    } finally {
      await server?.stop();
    }
    const seen = bodies(repo, id);
    const counts = new Map<string, number>();
    for (const b of seen) counts.set(b, (counts.get(b) ?? 0) + 1);
    r.kept = accepted.filter((t) => counts.has(t)).length;
    r.lost = accepted.length - r.kept;
    const twice = [...counts].filter(([, n]) => n > 1).length;
    if (twice) { r.errors += twice; r.notes.push(`${twice} comments appear more than once`); }
    for (const [what, n] of failures) r.notes.push(`${n} x ${what}`);
    const fsck = repo.git('fsck', '--strict', '--no-progress');
    if (/error|missing|broken/i.test(fsck)) { r.errors++; r.notes.push(`git fsck: ${fsck.slice(0, 200)}`); }
  });
}
