import { Stack, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { describeAlarmProperties } from '../../private/alarm-description';

/** The evaluation window (period x evaluation periods) of an alarm created in this app, when literal. */
export function alarmWindowSeconds(alarm: cloudwatch.IAlarm): number | undefined {
  const cfn = alarm.node.defaultChild;
  if (!(cfn instanceof cloudwatch.CfnAlarm)) {
    return undefined;
  }
  const { metricName, period, evaluationPeriods, metrics } = cfn;
  if (metrics === undefined && isLiteral(metricName) && isLiteral(period) && isLiteral(evaluationPeriods)) {
    // literal values resolve to themselves: read them without a Stack.resolve per alarm
    return describeAlarmProperties({ MetricName: metricName, Period: period, EvaluationPeriods: evaluationPeriods })?.windowSeconds;
  }
  try {
    // the L1's properties in template casing: what CloudFormation receives
    const props = pascalCase(Stack.of(cfn).resolve({
      metricName: cfn.metricName,
      period: cfn.period,
      evaluationPeriods: cfn.evaluationPeriods,
      metrics: cfn.metrics,
    }));
    return describeAlarmProperties(props)?.windowSeconds;
  } catch {
    return undefined;
  }
}

/** A resolved L1 property value with its keys in template casing (`period` -> `Period`). */
function pascalCase(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(pascalCase);
  }
  if (value && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const [k, v] of Object.entries(value)) {
      out[k.charAt(0).toUpperCase() + k.slice(1)] = pascalCase(v);
    }
    return out;
  }
  return value;
}

/** A plain string or number (no token), which `Stack.resolve` would return unchanged. */
function isLiteral(value: unknown): boolean {
  return (typeof value === 'string' || typeof value === 'number') && !Token.isUnresolved(value);
}
