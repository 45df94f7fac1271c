// `npm run soak`: the standing reliability suite, bounded in count and time, loopback only; prints a table.
//   node dist/soak/run.js [--quick] [--only NAME] [--seed N]
import { concurrentWriters } from './writers.js';
import { table, type Row } from './harness.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] ?? '' : '';
const seed = args.includes('--seed') ? Number(args[args.indexOf('--seed') + 1]) : Date.now() % 100_000;

const W = quick ? 2 : 8;
const N = quick ? 20 : 100;

const checks: [string, () => Promise<Row>][] = [
  ['writers cli-tree', () => concurrentWriters('cli-tree', W, N)],
  ['writers cli-shared', () => concurrentWriters('cli-shared', W, N)],
  ['writers http', () => concurrentWriters('http', W, N)],
  ['writers mixed', () => concurrentWriters('mixed', W, N)],
];

const rows: Row[] = [];
process.stderr.write(`soak: seed ${seed}${quick ? ' (quick)' : ''}\n`);
for (const [name, check] of checks) {
  if (only && !name.includes(only)) continue;
  process.stderr.write(`soak: ${name} ...\n`);
  const r = await check();
  rows.push(r);
  process.stderr.write(`soak: ${name}: tried ${r.tried}, kept ${r.kept}, lost ${r.lost}, errors ${r.errors} (${r.seconds.toFixed(1)} s)\n`);
}
console.log(table(rows));
process.exitCode = rows.some((r) => r.lost || r.errors) ? 1 : 0;
