// The three-clone convergence fuzz: random concurrent edits in three clones of one remote, synced in
// random orders (some at once); in the end every clone shows the same bytes and every comment.
import { cloneOf, newTicket, tempBare, type Repo } from '../test/support/helpers.js';
import { ditAsync, rng, row, timed, type Row } from './harness.js';

const PEOPLE = [{ name: 'Ann', email: 'ann@example.com' }, { name: 'Bob', email: 'bob@example.com' }, { name: 'Cy', email: 'cy@example.com' }];

export async function convergence(rounds: number, opsPerRound: number, seed: number): Promise<Row> {
  const out = row(`three-clone convergence ${rounds} rounds`);
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return timed(out, async () => {
    const remote = tempBare();
    const first = cloneOf(remote.dir, PEOPLE[0]);
    first.write('README', 'a project\n');
    first.commit('initial commit');
    first.git('push', '-q', 'origin', 'main');
    const ids = [newTicket(first, 'One', '--shared'), newTicket(first, 'Two', '--shared'), newTicket(first, 'Three', '--shared')];
    first.ok('sync');
    const clones: Repo[] = [first, cloneOf(remote.dir, PEOPLE[1]), cloneOf(remote.dir, PEOPLE[2])];
    for (const c of clones.slice(1)) c.ok('sync');
    const written: string[] = [];
    const fail = (what: string) => { out.errors++; if (out.notes.length < 8) out.notes.push(what.slice(0, 200)); };
    for (let round = 0; round < rounds; round++) {
      // each clone edits on its own, all three at the same time
      await Promise.all(clones.map(async (c, ci) => {
        for (let k = 0; k < opsPerRound; k++) {
          const id = pick(ids);
          const r = random();
          let args: string[];
          if (r < 0.4) { const text = `r${round} c${ci} k${k}`; written.push(text); args = ['comment', id, text]; }
          else if (r < 0.6) args = ['label', id, pick(['+ui', '-ui', '+backend', '-backend', '+docs'])];
          else if (r < 0.75) args = ['edit', id, '--priority', pick(['low', 'normal', 'high', 'urgent'])];
          else if (r < 0.85) args = ['edit', id, '--title', `title by ${ci} in round ${round}`];
          else if (r < 0.93) args = ['close', id];
          else args = ['reopen', id];
          out.tried++;
          const res = await ditAsync(c, ...args, '--shared');
          // closing a closed ticket or reopening an open one is refused, and that is an answer
          if (res.code !== 0 && !/already|not closed|is open|is closed/i.test(res.stderr)) fail(`${args[0]} in clone ${ci}: ${res.stderr}`);
        }
      }));
      // syncs in a random order; sometimes two or three at once
      const order = [0, 1, 2].sort(() => random() - 0.5);
      if (random() < 0.3) {
        const results = await Promise.all(order.map((i) => ditAsync(clones[i]!, 'sync')));
        results.forEach((res) => { if (res.code !== 0) fail(`concurrent sync: ${res.stderr}`); });
      } else {
        for (const i of order) { const res = await ditAsync(clones[i]!, 'sync'); if (res.code !== 0) fail(`sync: ${res.stderr}`); }
      }
    }
    for (const c of [...clones, ...clones]) { const res = await ditAsync(c, 'sync'); if (res.code !== 0) fail(`final sync: ${res.stderr}`); }
    const lists = clones.map((c) => c.ok('ls', '--all', '--json'));
    if (lists[1] !== lists[0] || lists[2] !== lists[0]) fail('the clones list different tickets');
    const seen = new Set<string>();
    for (const id of ids) {
      const shown = clones.map((c) => c.ok('show', id, '--json'));
      if (shown[1] !== shown[0] || shown[2] !== shown[0]) fail(`ticket ${id.slice(0, 7)} differs between clones`);
      for (const cm of JSON.parse(shown[0]!).ticket.comments as { body: string }[]) seen.add(cm.body);
    }
    out.kept = written.filter((t) => seen.has(t)).length;
    out.lost = written.length - out.kept;
    out.notes.push(`${written.length} comments among ${out.tried} edits`);
  });
}
