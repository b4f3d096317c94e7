/**
 * Runs the command's reader (src/cli/endpoints.ts) in process on a stack's synthesized template: what `plan`
 * derives from the CloudFormation resources alone, with no plan copy in the template.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AssemblyStack } from '../../src/cli/assembly';
import { EndpointReport, collectEndpoints } from '../../src/cli/endpoints';

/** The command's report for every endpoint of `stack`, from its template. */
export function templateReports(stack: Stack): EndpointReport[] {
  const template = Template.fromStack(stack).toJSON();
  return collectEndpoints([templateStack(stack.stackName, template)]);
}

/** An assembly stack around a template object (for templates read or written in a test). */
export function templateStack(name: string, template: unknown): AssemblyStack {
  return {
    artifactId: name,
    displayName: name,
    stackName: name,
    templatePath: `${name}.template.json`,
    templateDisplayPath: `${name}.template.json`,
    template: template as AssemblyStack['template'],
  };
}

/** The rollback alarms of the first endpoint as `{ alarmName, watches }`, as `plan` reports them. */
export function reportedAlarms(stack: Stack): Array<{ alarmName: string; watches: string }> {
  return templateReports(stack)[0].alarms.map(a => ({ alarmName: a.alarmName, watches: a.watches }));
}
