/**
 * Process entry point of the `cdk-sagemaker-endpoint` command (bin/cdk-sagemaker-endpoint requires this file).
 * Runs on load; the logic lives in run.ts so tests and other tools can call `run()` without side effects.
 */
import { Style } from './output';
import { run } from './run';

process.exitCode = run(process.argv.slice(2), {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
  style: Style.forProcess(),
});
