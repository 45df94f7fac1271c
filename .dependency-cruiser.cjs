// The layer table of docs/architecture.md as rules: imports point down only, and nothing imports in a
// circle (type-only imports included). `npm run check` and CI run it (`npm run layers`).
//
//   cli/                                   commands
//   server/                                dit server (hosting)
//   web/    hooks/                         pages and API; what git runs
//   patchsets/                             proposals, reviews, merges
//   store/                                 views, caches, writes, sync, imports (rooms ordered below)
//   query/   git/   hg/   sign/            the query language; the only code that runs git, hg, gpg or ssh-keygen
//   vcs/                                   the port git/ and hg/ implement for store/ (types only)
//   model/                                 the pure domain
//   src/*.ts                               leaves: errors, the cache table, bounded maps, fault points
const layer = (name, below) => ({ name, below });
const LAYERS = [
  layer('model', []),
  layer('vcs', []),
  layer('git', ['model', 'vcs']),
  layer('hg', ['model', 'vcs']),
  layer('sign', ['model', 'git', 'vcs']),
  layer('query', ['model']),
  layer('store', ['model', 'vcs', 'git', 'hg', 'sign', 'query']),
  layer('patchsets', ['model', 'vcs', 'git', 'hg', 'sign', 'query', 'store']),
  layer('hooks', ['model', 'vcs', 'git', 'hg', 'sign', 'query', 'store', 'patchsets']),
  layer('web', ['model', 'vcs', 'git', 'hg', 'sign', 'query', 'store', 'patchsets']),
  layer('server', ['model', 'vcs', 'git', 'hg', 'sign', 'query', 'store', 'patchsets', 'hooks', 'web']),
  layer('cli', ['model', 'vcs', 'git', 'hg', 'sign', 'query', 'store', 'patchsets', 'hooks', 'web', 'server']),
];
// Rooms of store/, bottom up: a room imports only rooms before it (and the files at store/'s top).
const ROOMS = ['cache', 'view', 'read', 'write', 'ops', 'sync', 'import'];
const TESTS = '(\\.test\\.tsx?$|^test/)';
const alt = (names) => names.join('|');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles, type-only imports included: split the shared part into a file both use.',
      from: { pathNot: TESTS },
      to: { circular: true },
    },
    ...LAYERS.map(({ name, below }) => ({
      name: `layer-${name}`,
      severity: 'error',
      comment: `src/${name}/ imports only ${below.length ? below.map((b) => `${b}/`).join(', ') : 'itself'} and the leaves (docs/architecture.md)`,
      from: { path: `^src/${name}/`, pathNot: TESTS },
      to: { path: '^src/', pathNot: `^src/(${alt([name, ...below])})/|^src/[^/]+\\.tsx?$` },
    })),
    {
      name: 'leaves-import-nothing',
      severity: 'error',
      comment: 'The files at the top of src/ (errors, caches, bounded-map, fault) are leaves every layer may use.',
      from: { path: '^src/[^/]+\\.tsx?$', pathNot: TESTS },
      to: { path: '^src/[^/]+/' },
    },
    ...ROOMS.map((room, i) => ({
      name: `store-room-${room}`,
      severity: 'error',
      comment: `store/${room}/ imports only the rooms below it (${ROOMS.slice(0, i).join(', ') || 'none'}) and store/'s top files`,
      from: { path: `^src/store/${room}/`, pathNot: TESTS },
      to: { path: `^src/store/(${alt(ROOMS.filter((r, j) => j > i))})/` },
    })),
    {
      name: 'store-top-below-read',
      severity: 'error',
      comment: "store/'s top files (Store, progress, limits) import only cache/ and view/",
      from: { path: '^src/store/[^/]+\\.ts$', pathNot: TESTS },
      to: { path: `^src/store/(${alt(ROOMS.slice(2))})/` },
    },
    {
      name: 'model-does-no-io',
      severity: 'error',
      comment: 'model/ is pure: no file system, processes or network',
      from: { path: '^src/model/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|http|https|http2|net|dgram|tls|worker_threads)$' },
    },
    {
      name: 'only-git-runs-git',
      severity: 'error',
      comment: 'Only src/git/, src/hg/ and src/sign/ start processes (and the servers and CLI that run git services)',
      from: { path: '^src/(model|query|store|patchsets|web)/', pathNot: TESTS },
      to: { dependencyTypes: ['core'], path: '^(node:)?child_process$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
