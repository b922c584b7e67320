import { awscdk, javascript } from 'projen';

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
  devDeps: [
    'cdk-nag@^3.0.2',
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
      testPathIgnorePatterns: ['/node_modules/', '/examples/cdk.out/', '/\\.cdk-elasticache/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },

  gitignore: ['.cdk-elasticache/', 'cdk.out', 'examples/cdk.out', '*.rdb', 'benchmarks/results/*.tmp'],
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
  './package.json': './package.json',
  './.jsii': './.jsii',
});
project.addBins({ 'cdk-elasticache': 'lib/cli/main.js' });

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

project.synth();
