/**
 * Process entry point of the `cdk-sagemaker-endpoint` command (bin/cdk-sagemaker-endpoint requires this file).
 * Runs on load; the logic lives in run.ts so tests and other tools can call `run()` without side effects.
 */
import { Style } from './output';
import { run } from './run';

// `cdk-sagemaker-endpoint plan | head`: a reader that stops early is not an error, so end quietly
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') {
      process.exit(process.exitCode ?? 0);
    }
    throw e;
  });
}

process.exitCode = run(process.argv.slice(2), {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
  style: Style.forProcess(),
});
