// `npm run soak`: the standing reliability suite, bounded in count and time, loopback only; prints a table
// (tried, kept, lost, errors) and exits 1 when anything was lost or went wrong.
//   node dist/soak/run.js [--quick] [--only NAME,NAME] [--seed N] [--minutes M]
import { concurrentWriters } from './writers.js';
import { killDuring } from './kills.js';
import { convergence } from './converge.js';
import { fuzzEntries, fuzzQueries } from './fuzz.js';
import { fuzzPushes, retriedPushes } from './pushes.js';
import { hugeTicket } from './huge.js';
import { row, table, type Row } from './harness.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const quick = args.includes('--quick');
const only = (opt('only') ?? '').split(',').filter(Boolean); // names (or parts of them), comma-separated
const seed = Number(opt('seed') ?? Date.now() % 100_000);
const budgetMs = Number(opt('minutes') ?? (quick ? 10 : 40)) * 60_000;

/** The suite at a size: `npm test` runs the quick one (test/reliability-soak.test.ts). */
export function suite(q: boolean, s: number): [string, () => Promise<Row>][] {
  const W = q ? 2 : 8;
  const N = q ? 20 : 100;
  return [
    ['writers cli-tree', () => concurrentWriters('cli-tree', W, N)],
    ['writers cli-shared', () => concurrentWriters('cli-shared', W, N)],
    ['writers http', () => concurrentWriters('http', W, N)],
    ['writers mixed', () => concurrentWriters('mixed', W, N)],
    ['kill comment', () => killDuring('comment', q ? 5 : 30, s)],
    ['kill commit', () => killDuring('commit', q ? 5 : 30, s + 1)],
    ['kill import', () => killDuring('import', q ? 3 : 10, s + 2)],
    ['kill sync', () => killDuring('sync', q ? 4 : 16, s + 3)],
    ['convergence', () => convergence(q ? 2 : 5, q ? 3 : 6, s + 4)],
    ['fuzz entries', () => fuzzEntries(q ? 2_000 : 20_000, s + 5)],
    ['fuzz queries', () => fuzzQueries(q ? 2_000 : 20_000, s + 6)],
    ['retried push', () => retriedPushes(q ? 3 : 20, s + 7)],
    ['fuzz pushes', () => fuzzPushes(q ? 10 : 80, s + 8)],
    // the full soak only: building the 100,000-label ticket takes a while (test/web/bounds.test.ts checks the pages)
    ...(q ? [] : [['huge ticket pages', () => hugeTicket(20)] as [string, () => Promise<Row>]]),
  ];
}

if (process.argv[1]?.endsWith('soak/run.js')) {
  const started = Date.now();
  const rows: Row[] = [];
  process.stderr.write(`soak: seed ${seed}${quick ? ' (quick)' : ''}; replay with --seed ${seed}\n`);
  for (const [name, check] of suite(quick, seed)) {
    if (only.length && !only.some((o) => name.includes(o))) continue;
    if (Date.now() - started > budgetMs) {
      const skipped = row(name);
      skipped.errors++;
      skipped.notes.push(`not run: the soak's time bound (${budgetMs / 60_000} min) was reached`);
      rows.push(skipped);
      continue;
    }
    process.stderr.write(`soak: ${name} ...\n`);
    const r = await check();
    rows.push(r);
    process.stderr.write(`soak: ${name}: tried ${r.tried}, kept ${r.kept}, lost ${r.lost}, errors ${r.errors} (${r.seconds.toFixed(1)} s)\n`);
  }
  console.log(table(rows));
  process.exitCode = rows.some((r) => r.lost || r.errors) ? 1 : 0;
}
