// One ticket past every bound (100,000 labels, 1,500 watchers, 400 reactions) next to 3,000 labels across
// the repository, served by the real `dit serve` and asked for its pages again and again: every page
// must stay under 1 MB and the server under 300 MB of memory (its RSS, read from /proc).
import { readFileSync } from 'node:fs';
import { Store } from '../src/store/store.js';
import { writeEntries, type NewEntry } from '../src/store/write/write.js';
import { header } from '../src/store/write/entries.js';
import { entryId, serialize } from '../src/model/entry-file.js';
import { newTicket, tempRepo } from '../test/support/helpers.js';
import { ditChild, http, row, timed, type Row } from './harness.js';

const PAGE_BYTES = 1_000_000;
const RSS_BYTES = 300 * 1024 * 1024;

const rssOf = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
};

export async function hugeTicket(rounds: number): Promise<Row> {
  const r = row('huge ticket pages');
  return timed(r, async () => {
    const repo = tempRepo();
    const big = newTicket(repo, 'The ticket with everything', '--shared');
    const store = await Store.open(repo.dir, { env: repo.env });
    const shared = store.target({ shared: true });
    let clock = 10;
    const by = (i: number) => ({ name: `Person ${i}`, email: `p${i}@example.com` });
    const entry = (kind: string, fields: Record<string, unknown>, who = by(0)): NewEntry => ({
      collection: 'tickets',
      journal: big,
      entry: { ...header(kind, { ticket: big }, clock++, who), ...fields },
    });
    const labels = Array.from({ length: 100_000 }, (_, i) => `huge-${String(i).padStart(6, '0')}`);
    await writeEntries(store, shared, [entry('label', { add: labels, remove: [] })], 'soak: 100,000 labels');
    await writeEntries(
      store,
      shared,
      [
        ...Array.from({ length: 1500 }, (_, i) => entry('watch', { on: true, person: `w${i}@example.com` })),
        ...Array.from({ length: 400 }, (_, i) => entry('react', { reaction: 'heart', on: true }, by(i))),
      ],
      'soak: watchers and reactions',
    );
    const creates = Array.from({ length: 30 }, (_, t) => {
      const labels = Array.from({ length: 100 }, (_, i) => `area-${t}-${i}`);
      const e = { ...header('create', {}, 1, by(t)), title: `Ticket ${t}`, body: '', type: 'task', labels };
      return { collection: 'tickets' as const, journal: entryId(serialize(e)), entry: e };
    });
    await writeEntries(store, shared, creates, 'soak: 3,000 labels');
    await store.close();

    const { child, done } = ditChild(repo, ['serve', '--port', '0']);
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        child.stdout!.on('data', (c: string) => {
          seen += c;
          const m = /at (http:\/\/[^\s]+)/.exec(seen);
          if (m) resolve(m[1]!);
        });
        done.then((x) => reject(new Error(`dit serve exited ${x.code}: ${x.stderr}`)));
      });
      const host = new URL(url).host;
      const paths = ['/', `/tickets/${big}`, '/labels', '/labels?page=31', '/tickets/new', '/?q=label:huge-000001', '/milestones'];
      let largest = 0;
      let rss = 0;
      for (let round = 0; round < rounds; round++) {
        for (const p of paths) {
          // a query string of its own each round, so the page cache does not answer for the server
          const res = await http(url, 'GET', `${p}${p.includes('?') ? '&' : '?'}n=${round}`, host);
          r.tried++;
          largest = Math.max(largest, res.body.length);
          if (res.status === 200 && res.body.length < PAGE_BYTES) r.kept++;
          else {
            r.errors++;
            r.notes.push(`${p}: ${res.status}, ${res.body.length.toLocaleString('en')} bytes`);
          }
        }
        rss = Math.max(rss, rssOf(child.pid!));
      }
      r.notes.push(`largest page ${(largest / 1024).toFixed(0)} KiB; server RSS at most ${(rss / 1024 / 1024).toFixed(0)} MiB`);
      if (rss > RSS_BYTES) {
        r.errors++;
        r.notes.push(`the server grew past ${RSS_BYTES / 1024 / 1024} MiB`);
      }
    } finally {
      child.kill('SIGTERM');
      await done;
    }
  });
}
