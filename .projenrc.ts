import { awscdk, javascript, JsonFile } from 'projen';

/**
 * The integration tests: those that start engine processes (valkey-server, redis-server, memcached) or containers.
 * Folders end with a slash (test/local/unit/ holds unit tests of the engine and is excluded from them).
 */
const INTEGRATION_TESTS = [
  'test/local/',
  'test/container/',
  'test/examples/patterns.test.ts',
  'test/rbac/local-rbac.test.ts',
  'test/auth/rotation-local.test.ts',
];
/** Unit tests inside an integration folder. */
const UNIT_TESTS_OF_THE_ENGINE = 'test/local/unit/';
const IGNORED_PATHS = ['/node_modules/', '/examples/cdk.out/', '/\\.cdk-elasticache/'];
/** What each jest project needs (projects do not inherit the root's transform). */
const JEST_PROJECT = {
  clearMocks: true,
  // Every template a test synthesizes with Template.fromStack goes through the schema harness.
  setupFilesAfterEnv: ['<rootDir>/test/harness/setup.ts'],
  transform: { '^.+\\.[t]sx?$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
};

/**
 * cdk-elasticache — the project definition. Every generated file (package.json,
 * tsconfig*, eslint, jest, tasks) comes from here: edit this file, then run `npx projen`.
 */
const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-elasticache',
  description:
    'Secure-by-default AWS CDK constructs for Amazon ElastiCache (Valkey, Redis OSS, Memcached) with a local engine that runs the synthesized template on real processes.',
  author: 'cdk-elasticache maintainers',
  authorAddress: 'maintainers@cdk-elasticache.dev',
  repositoryUrl: 'https://github.com/cdk-elasticache/cdk-elasticache.git',
  keywords: ['aws-cdk', 'cdk', 'elasticache', 'valkey', 'redis', 'memcached', 'cdk-nag', 'local-testing'],
  stability: 'experimental',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // cdk-nag 3 needs aws-cdk-lib >= 2.257.0 (its peer dependency).
  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  minNodeVersion: '20.0.0',

  // The development tsconfig lives at the top level and type-checks everything that is not jsii.
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['src/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'benchmarks/**/*.ts', 'projenrc/**/*.ts', '.projenrc.ts'],
    exclude: ['node_modules', 'examples/cdk.out'],
    compilerOptions: {},
  },

  // Node-only runtime dependencies of the local engine and the CLI. They are bundled because
  // jsii only allows jsii modules as regular dependencies; no type of theirs is exported from
  // the jsii entry point (src/index.ts).
  bundledDeps: ['ioredis@^5.4.1', 'commander@^14.0.0', '@peculiar/x509@^1.12.3', 'cli-table3@^0.6.5', 'yaml@^2.8.0'],
  // The ElastiCacheChecks pack (src/nag) extends cdk-nag's NagPack in the jsii API: a peer dependency
  // (projen also adds it to devDependencies at its lowest version) — docs/decisions/0005-nag-pack-shipping.md.
  peerDeps: ['cdk-nag@^3.0.2'],
  devDeps: [
    'aws-cdk@^2',
    'esbuild@^0.25.0',
    '@aws-sdk/client-elasticache@^3',
    '@aws-sdk/client-secrets-manager@^3',
    '@types/aws-lambda@^8',
    'redis@^5',
    'memjs@^1.3.2',
    '@types/memjs@^1',
    'memcache-plus@^0.3.1',
    'fast-check@^3.21.0',
    'better-sqlite3@^12',
    '@types/better-sqlite3@^7',
    // The caching patterns of examples/ use well-kept libraries for the parts they do not teach.
    'lru-cache@^11',
    'opossum@^9',
    '@types/opossum@^8',
    'generic-pool@^3.9.0',
    // cdk-elasticache/testcontainers: resolved from the user's project at runtime (teams that use it have it);
    // not bundled (dockerode, ssh, archiver... for everyone) and not a peer (jsii takes peers for jsii modules).
    'testcontainers@^11.9.0',
    // Structure checks of the build (see the end of this file).
    'dependency-cruiser@^17',
    'jscpd@^4',
    // The schema harness (test/harness): CloudFormation resource schemas from the AWS CDK's own service
    // database (derived from the CloudFormation registry schemas), validated with ajv.
    'ajv@^8',
    '@aws-cdk/aws-service-spec@0.1.216',
  ],

  // Rotation functions are written in TypeScript as `*.lambda.ts` and bundled by projen with esbuild.
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: { externals: ['@aws-sdk/*'] },
  },

  jestOptions: {
    // Snapshots are golden files: a mismatch fails the run (`npx projen test:update` rewrites them).
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Two cores: keep parallelism modest; integration tests start real processes.
      maxWorkers: 2,
      testTimeout: 60_000,
      testPathIgnorePatterns: IGNORED_PATHS,
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
      // Two jest projects, both run by `test`: `unit` (synthesis, pure functions; seconds) and `integration` (the
      // tests that start engine processes or containers). `test:unit` and `test:integration` run one of them.
      projects: [
        {
          ...JEST_PROJECT,
          displayName: 'unit',
          testMatch: ['<rootDir>/@(src|test|projenrc)/**/*(*.)@(spec|test).ts?(x)'],
          // Regular expressions: the engine's integration folder minus its unit/ folder.
          testPathIgnorePatterns: [...IGNORED_PATHS, ...INTEGRATION_TESTS.map((p) =>
            `<rootDir>/${UNIT_TESTS_OF_THE_ENGINE.startsWith(p) ? `${p}(?!${UNIT_TESTS_OF_THE_ENGINE.slice(p.length)})` : p}`)],
        },
        {
          ...JEST_PROJECT,
          displayName: 'integration',
          testMatch: INTEGRATION_TESTS.map((p) => `<rootDir>/${p}${p.endsWith('/') ? '**/*.test.ts' : ''}`),
          testPathIgnorePatterns: [...IGNORED_PATHS, `<rootDir>/${UNIT_TESTS_OF_THE_ENGINE}`],
        },
      ],
    },
  },

  // Region offerings: generated before compiling from a data file that is not kept here (scripts/region-offerings.ts).
  gitignore: ['.cdk-elasticache/', 'cdk.out', 'examples/cdk.out', '*.rdb', 'benchmarks/results/*.tmp', '/.cfn-data/'],
  npmIgnoreOptions: { ignorePatterns: ['/examples', '/benchmarks', '/docs', '/.ci', '/scripts'] },

  // Lint tests, examples and benchmarks with the type information of the development tsconfig.
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'benchmarks', 'projenrc', '.projenrc.ts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  githubOptions: { mergify: false },
  pullRequestTemplate: false,
});

// The local engine and the CLI are Node-only: published under a sub-path and a bin,
// never through the jsii entry point.
project.package.addField('exports', {
  '.': { types: './lib/index.d.ts', default: './lib/index.js' },
  './local': { types: './lib/local/index.d.ts', default: './lib/local/index.js' },
  './testcontainers': { types: './lib/testcontainers/index.d.ts', default: './lib/testcontainers/index.js' },
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.addBins({ 'cdk-elasticache': 'lib/cli/main.js' });

// The engine's integration tests run on both server binaries: the test task serves Valkey templates with valkey-server
// and Redis OSS templates with redis-server; this second pass swaps them (environment variables read by the engine).
const swappedEngines = project.addTask('test:engines-swapped', {
  description: "Run the local engine's integration tests again with valkey-server and redis-server swapped",
  env: { CDK_ELASTICACHE_VALKEY_SERVER: 'redis-server', CDK_ELASTICACHE_REDIS_SERVER: 'valkey-server' },
  // What depends on the server binary: topology, TLS, ACLs, failover, readiness, resharding, the control plane's AUTH
  // changes, the caching patterns (not the template reading, the CLI, Memcached or plan(), which the first pass covers).
  exec: 'jest --selectProjects integration --ci --coverage=false --passWithNoTests ' + [
    'cluster-mode-disabled', 'cluster-mode-enabled', 'library-caches', 'serverless-and-l1', 'robustness', 'readiness',
    'endpoints-users', 'resharding', 'control-plane',
  ].map((f) => `test/local/${f}.test.ts`).join(' ') + ' test/rbac/local-rbac.test.ts test/auth/rotation-local.test.ts test/examples/patterns.test.ts',
});
project.testTask.spawn(swappedEngines);

// One of the two jest projects (see jestConfig.projects): `npx projen test:unit`, `npx projen test:integration`.
for (const name of ['unit', 'integration']) {
  project.addTask(`test:${name}`, {
    description: `Run the ${name} tests only (jest project '${name}')`,
    // --selectProjects takes a list: it comes first, so that the paths given to the task are not read as project names.
    exec: `jest --selectProjects ${name} --ci --passWithNoTests`,
    receiveArgs: true,
  });
}

// Every TypeScript example — README.md and the doc comments — is compiled against the assembly by
// jsii-rosetta in strict mode, after jsii and docgen: a snippet that does not compile fails the build.
// Fixtures are in rosetta/ (README snippets use `fixture=stack`). The tablet of translations it writes
// is a build output: not in git, published with the package (as jsii-rosetta recommends).
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile every TypeScript example (README.md, doc comments) with jsii-rosetta --strict',
  exec: 'jsii-rosetta extract --strict .jsii',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.exclude('/.jsii.tabl.json');
project.npmignore?.include('/.jsii.tabl.json');

// Structure checks, run first by `test` (seconds): no import circles and no upward imports between the
// folders of src/ (dependency-cruiser), and no copy-pasted code in src/ (jscpd), so that an ElastiCache fact
// stays in one place (src/spec, docs/decisions/0008-spec-module.md).
//
// Layers, lowest first: a folder imports only folders of lower layers, never a sibling of its own layer.
// `core` is the files at the top of src/ (engine, versions, node types, parameter groups); src/index.ts,
// the jsii entry point, may import everything.
const LAYERS: string[][] = [
  ['spec'],
  ['private', 'common'],
  ['core'],
  ['network', 'monitoring', 'auth', 'sizing'],
  ['rbac'],
  ['replication-group', 'memcached', 'serverless'],
  ['global'],
  ['describe', 'local'],
  ['cli'],
];
const folderPath = (folder: string) => folder === 'core' ? '^src/[^/]+[.]ts$' : `^src/${folder}/`;
const upward = LAYERS.flatMap((layer, i) => layer.map((folder) => ({
  name: `layer-${folder}`,
  comment: `src/${folder === 'core' ? '*.ts' : folder} may import only lower layers (${LAYERS.slice(0, i).flat().join(', ') || 'none'})`,
  severity: 'error',
  from: { path: folderPath(folder), pathNot: '^src/index[.]ts$' },
  to: {
    path: [...LAYERS.slice(i + 1).flat(), ...layer.filter((f) => f !== folder)].map(folderPath).join('|') || '^$',
    pathNot: folder === 'core' ? undefined : folderPath(folder),
  },
})));
new JsonFile(project, '.dependency-cruiser.json', {
  marker: false, // the schema allows no extra key
  obj: {
    forbidden: [
      { name: 'no-circular', severity: 'error', comment: 'import circles in src/', from: { path: '^src/' }, to: { circular: true } },
      {
        name: 'spec-is-pure',
        severity: 'error',
        comment: 'src/spec holds facts only: no aws-cdk-lib, no constructs, no Node built-ins',
        from: { path: '^src/spec/' },
        to: { path: 'node_modules/(aws-cdk-lib|constructs)/' },
      },
      { name: 'spec-is-pure-node', severity: 'error', comment: 'src/spec: no Node built-ins', from: { path: '^src/spec/' }, to: { dependencyTypes: ['core'] } },
      ...upward,
    ],
    options: {
      doNotFollow: { path: 'node_modules' },
      exclude: { path: '[.]lambda[.]ts$' },
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.dev.json' },
    },
  },
});
const checkDeps = project.addTask('check:deps', {
  description: 'No import circles and no upward imports between the folders of src/ (dependency-cruiser)',
  exec: 'depcruise src --config .dependency-cruiser.json --output-type err',
});
new JsonFile(project, '.jscpd.json', {
  marker: false,
  obj: {
    // Any clone of 50 tokens or more fails (threshold 0). Before issue 16 this caught the maintenance-window
    // rule copied between the replication group and Memcached rules, and the network placement copied into
    // three constructs; facts written twice in different words (slot parsing, the access-string grammar) are
    // not clones: test/spec's tables and the one src/spec module guard those.
    threshold: 0,
    minTokens: 50,
    minLines: 3,
    format: ['typescript'],
    ignore: ['**/*.lambda.ts', '**/*.generated.ts'],
    reporters: ['console'],
    exitCode: 1,
    // projen's .gitignore negations make jscpd skip every file of src/ when it reads them.
    gitignore: false,
  },
});
const checkCpd = project.addTask('check:cpd', {
  description: 'No copy-pasted code in src/ (jscpd)',
  exec: 'jscpd src --config .jscpd.json',
});
project.npmignore?.exclude('/.dependency-cruiser.json', '/.jscpd.json');

// Node types by Region and engine versions (src/spec/regions.ts): the module is generated before compiling from
// cfn-lint's data file (shared/cfn-lint/elasticache-offerings.json); without it the Region checks are off.
const offerings = project.addTask('generate:offerings', {
  description: 'Write src/spec/region-offerings.generated.ts from the cfn-lint data file (scripts/region-offerings.ts)',
  exec: 'ts-node --project tsconfig.dev.json scripts/region-offerings.ts generate',
});
project.preCompileTask.spawn(offerings);
project.gitignore.exclude('/src/spec/region-offerings.generated.ts');
project.testTask.prependSpawn(checkCpd);
project.testTask.prependSpawn(checkDeps);

project.synth();
