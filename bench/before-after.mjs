// Two builds of dit compared in turns, each on its own copy of the same repository, with `node -e 0`:
//   node bench/before-after.mjs RUNS BEFORE_DIT BEFORE_REPO AFTER_DIT AFTER_REPO
// (docs/speed.md: the before/after rows of issue 26). Own share = a median minus the floor's median.
import { spawnSync } from 'node:child_process';

const RUNS = Number(process.argv[2] ?? 10);
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};
const [, , , bd, br, ad, ar] = process.argv;
if (!ar) throw new Error('usage: node bench/before-after.mjs RUNS BEFORE_DIT BEFORE_REPO AFTER_DIT AFTER_REPO');
const sides = { before: { dit: bd, repo: br }, after: { dit: ad, repo: ar } };
const time = (cmd, args, cwd) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, env, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const dit = (side, ...a) => time(process.execPath, [sides[side].dit, ...a], sides[side].repo);
const ticket = spawnSync(process.execPath, [sides.after.dit, 'ls', '--all', '--json'], {
  cwd: sides.after.repo,
  env,
  maxBuffer: 1 << 30,
  encoding: 'utf8',
});
const busiest = JSON.parse(ticket.stdout)
  .tickets.sort((a, b) => b.comments - a.comments || (a.id < b.id ? -1 : 1))[0]
  .id.slice(0, 7);
const C = 'Benchmark comment: confirmed on the latest build.';
const rows = [
  ['dit ls', () => ['ls']],
  [`dit show ${busiest}`, () => ['show', busiest]],
  ['dit ls deadlock', () => ['ls', 'deadlock']],
  ['dit comment (staged)', () => ['comment', busiest, C]],
  [
    'dit ls after a staged comment',
    null,
    (s) => {
      dit(s, 'comment', busiest, C);
      return dit(s, 'ls');
    },
  ],
  ['dit comment --shared', () => ['comment', busiest, C, '--shared']],
  [
    'dit ls after a shared comment',
    null,
    (s) => {
      dit(s, 'comment', busiest, C, '--shared');
      return dit(s, 'ls');
    },
  ],
  [
    'dit ls deadlock after a shared comment',
    null,
    (s) => {
      dit(s, 'comment', busiest, C, '--shared');
      return dit(s, 'ls', 'deadlock');
    },
  ],
  ['dit comment --commit', () => ['comment', busiest, C, '--commit']],
];
for (const s of Object.keys(sides)) {
  dit(s, 'ls');
  dit(s, 'ls', 'deadlock');
  dit(s, 'show', busiest);
}
console.log(
  `ticket ${busiest}, ${RUNS} runs each, in turns: before | after | node -e 0 (medians, ms; own share = minus the floor)`,
);
for (const [name, args, fn] of rows) {
  const got = { before: [], after: [], floor: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const s of ['before', 'after']) got[s].push(fn ? fn(s) : dit(s, ...args()));
    got.floor.push(time(process.execPath, ['-e', '0']));
  }
  const f = med(got.floor),
    b = med(got.before),
    a = med(got.after);
  console.log(
    `${name}: before ${b.toFixed(0)} (own ${(b - f).toFixed(0)}) | after ${a.toFixed(0)} (own ${(a - f).toFixed(0)})` +
      ` | floor ${f.toFixed(0)} | own-share ratio after/before ${((a - f) / (b - f)).toFixed(2)}`,
  );
}
