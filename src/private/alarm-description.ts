/**
 * Reads a CloudWatch alarm's template properties (`AWS::CloudWatch::Alarm` Properties, template casing) into
 * what a reviewer needs: the metric, statistic, threshold, the dimension it watches and its evaluation window.
 * Shared by the deployment constructs (on the resolved alarm they create) and the command (on cdk.out).
 */
import { formatSeconds } from './plan-format';

/** What one rollback alarm watches, as far as its template says. */
export interface AlarmDescription {
  /** `Invocation5XXErrors`, or `m1/m2` for metric math. */
  readonly metric: string;
  /** `Average`, `p99`, ... (the first metric's for math). */
  readonly statistic?: string;
  /** `> 1`, `>= 0.5`. */
  readonly threshold?: string;
  /** `VariantName=AllTraffic, EndpointConfigName=...` (EndpointName left out: it is the endpoint's own). */
  readonly dimensions: string;
  /** Evaluation periods x period, in seconds: the shortest time the alarm needs to go into ALARM. */
  readonly windowSeconds?: number;
}

const COMPARISON: { [op: string]: string } = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '>=',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '<=',
};

type Obj = { [key: string]: unknown };

/** Undefined when the properties are not an alarm's (e.g. a composite alarm or an unresolved reference). */
export function describeAlarmProperties(props: unknown): AlarmDescription | undefined {
  if (!props || typeof props !== 'object') {
    return undefined;
  }
  const p = props as Obj;
  const evaluations = typeof p.EvaluationPeriods === 'number' ? p.EvaluationPeriods : undefined;
  const threshold = typeof p.Threshold === 'number' && typeof p.ComparisonOperator === 'string'
    ? `${COMPARISON[p.ComparisonOperator] ?? p.ComparisonOperator} ${p.Threshold}` : undefined;
  if (typeof p.MetricName === 'string') {
    const period = typeof p.Period === 'number' ? p.Period : undefined;
    return {
      metric: p.MetricName,
      statistic: typeof p.ExtendedStatistic === 'string' ? p.ExtendedStatistic : typeof p.Statistic === 'string' ? p.Statistic : undefined,
      threshold,
      dimensions: dimensionText(p.Dimensions),
      windowSeconds: period !== undefined && evaluations !== undefined ? period * evaluations : undefined,
    };
  }
  if (Array.isArray(p.Metrics)) {
    const metrics = p.Metrics as Obj[];
    const stats = metrics.map(m => m.MetricStat as Obj | undefined).filter((m): m is Obj => m !== undefined);
    const expression = metrics.find(m => typeof m.Expression === 'string' && m.ReturnData !== false);
    const names = stats.map(s => (s.Metric as Obj | undefined)?.MetricName).filter((n): n is string => typeof n === 'string');
    const periods = stats.map(s => s.Period).filter((n): n is number => typeof n === 'number');
    const period = periods.length > 0 ? Math.max(...periods) : (typeof expression?.Period === 'number' ? expression.Period : undefined);
    return {
      metric: expression ? `${String(expression.Expression)} of ${names.join(', ')}` : names.join(', '),
      statistic: typeof stats[0]?.Stat === 'string' ? stats[0].Stat : undefined,
      threshold,
      dimensions: dimensionText((stats[0]?.Metric as Obj | undefined)?.Dimensions),
      windowSeconds: period !== undefined && evaluations !== undefined ? period * evaluations : undefined,
    };
  }
  return undefined;
}

/** `p99 ModelLatency > 500000 on VariantName=AllTraffic, EndpointConfigName=cfg (window 3m)`. */
export function alarmDescriptionText(d: AlarmDescription): string {
  const parts = [[d.statistic, d.metric, d.threshold].filter(x => x !== undefined).join(' ')];
  if (d.dimensions) {
    parts.push(`on ${d.dimensions}`);
  }
  if (d.windowSeconds !== undefined) {
    parts.push(`(window ${formatSeconds(d.windowSeconds)})`);
  }
  return parts.join(' ');
}

function dimensionText(dims: unknown): string {
  if (!Array.isArray(dims)) {
    return '';
  }
  return (dims as Obj[])
    .filter(d => d.Name !== 'EndpointName')
    .map(d => `${String(d.Name)}=${typeof d.Value === 'string' ? d.Value : refText(d.Value)}`)
    .join(', ');
}

function refText(value: unknown): string {
  if (value && typeof value === 'object') {
    const o = value as Obj;
    if (typeof o.Ref === 'string') {
      return `<${o.Ref}>`;
    }
    if (Array.isArray(o['Fn::GetAtt'])) {
      return `<${(o['Fn::GetAtt'] as string[])[0]}>`;
    }
  }
  return '<token>';
}
