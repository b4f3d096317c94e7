// The alarm reads made cheaper for synth time (issue 14 item 7) still see what the template says: the
// rollback alarm names and evaluation windows are read from the alarm's L1 at synth, so changes made
// after the alarm was added (escape hatches, tokens) count.
import { CfnParameter, Duration, Stack, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { newEndpoint, newStack } from './blue-green-fixtures';
import { BlueGreenDeployment, CapacitySize, TrafficRouting } from '../src/deployment';

function warningIds(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map(w => /\[ack: (cdk-sagemaker-endpoint:[A-Za-z]+)\]/.exec(String(w.entry.data))?.[1] ?? String(w.entry.data));
}

function rollbackAlarmNames(stack: Stack): unknown[] {
  const [endpoint] = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint')) as any[];
  return endpoint.Properties.DeploymentConfig.AutoRollbackConfiguration.Alarms.map((a: any) => a.AlarmName);
}

function canaryDeployment(stack: Stack): BlueGreenDeployment {
  const { endpoint } = newEndpoint(stack);
  return new BlueGreenDeployment(stack, 'Deployment', {
    endpoint,
    trafficRouting: TrafficRouting.canary({ size: CapacitySize.percent(25), waitInterval: Duration.minutes(10) }),
  });
}

describe('rollback alarm windows read without resolving literal properties', () => {
  test('a helper alarm whose period is raised after it was added is checked with the new window', () => {
    // GIVEN a 10-minute bake and the default 3 x 1-minute error-rate alarm
    const stack = newStack();
    const deployment = canaryDeployment(stack);
    const alarm = deployment.addErrorRateAlarm();
    // WHEN the alarm's L1 is changed afterwards (escape hatch): 3 x 5 minutes
    (alarm.node.defaultChild as cloudwatch.CfnAlarm).period = 300;
    // THEN the 15-minute window is seen
    expect(warningIds(stack)).toContain('cdk-sagemaker-endpoint:bakeShorterThanAlarmWindow');
  });

  test('a helper alarm left as created fits the bake', () => {
    // GIVEN
    const stack = newStack();
    const deployment = canaryDeployment(stack);
    // WHEN
    deployment.addErrorRateAlarm();
    // THEN
    expect(warningIds(stack)).not.toContain('cdk-sagemaker-endpoint:bakeShorterThanAlarmWindow');
  });

  test('an evaluation-period count given as a parameter is not a known window', () => {
    // GIVEN
    const stack = newStack();
    const deployment = canaryDeployment(stack);
    const alarm = deployment.addErrorRateAlarm();
    // WHEN the count becomes a token after the alarm was added
    (alarm.node.defaultChild as cloudwatch.CfnAlarm).evaluationPeriods = new CfnParameter(stack, 'Evaluations', { type: 'Number' }).valueAsNumber;
    (alarm.node.defaultChild as cloudwatch.CfnAlarm).period = 3600;
    // THEN the window is unknown (no warning), as when it was resolved
    expect(warningIds(stack)).not.toContain('cdk-sagemaker-endpoint:bakeShorterThanAlarmWindow');
  });
});

describe('rollback alarm names read from the L1 of in-stack alarms', () => {
  test('a name given to the L1 after the alarm was added is the rollback alarm name', () => {
    // GIVEN
    const stack = newStack();
    const deployment = canaryDeployment(stack);
    const alarm = deployment.addErrorRateAlarm();
    // WHEN
    (alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName = 'late-name';
    // THEN
    expect(rollbackAlarmNames(stack)).toEqual(['late-name']);
  });

  test('an unnamed in-stack alarm is referenced, and an imported alarm is named', () => {
    // GIVEN
    const stack = newStack();
    const deployment = canaryDeployment(stack);
    // WHEN
    const own = deployment.addLatencyAlarm({ threshold: Duration.millis(500) });
    deployment.addAlarm(cloudwatch.Alarm.fromAlarmName(stack, 'Imported', 'imported-alarm'));
    // THEN
    const id = stack.getLogicalId(own.node.defaultChild as cloudwatch.CfnAlarm);
    expect(rollbackAlarmNames(stack)).toEqual([{ Ref: id }, 'imported-alarm']);
  });
});
