import { Stack, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { stableStringify } from '../../private/names';
import { AlarmWatches } from '../plan-metadata';


/** CloudWatch namespaces where SageMaker publishes per-variant endpoint metrics. */
const SAGEMAKER_NAMESPACES = ['AWS/SageMaker', '/aws/sagemaker/Endpoints'];

/** What the classifier needs to know about the endpoint being deployed. */
export interface AlarmTarget {
  readonly scope: IConstruct;
  readonly endpointName: string;
  readonly endpointConfigName: string;
}

/** What one metric of an alarm looks at. */
interface MetricFacts {
  readonly watches: AlarmWatches;
  /** The VariantName dimension, when the metric is about this endpoint and has a literal one. */
  readonly variantName?: string;
  /** The EndpointConfigName dimension when it names a config other than the one being deployed. */
  readonly otherConfigName?: string;
}

/** What an alarm looks at, as far as the synth-time metric objects tell. */
export interface AlarmFacts {
  readonly watches: AlarmWatches;
  /** Literal VariantName dimensions of metrics on this endpoint. */
  readonly variantNames: string[];
  /** Literal EndpointConfigName dimensions naming a config that is not the one being deployed. */
  readonly otherConfigNames: string[];
}

/**
 * Classifies an alarm by the dimensions of its metric(s):
 * EndpointName + VariantName + EndpointConfigName=<new config> is the new fleet only;
 * EndpointName + VariantName without EndpointConfigName is both fleets; anything else
 * (imported or composite alarms, other endpoints, mixed math expressions) is unknown.
 */
export function describeAlarm(target: AlarmTarget, alarm: cloudwatch.IAlarm): AlarmFacts {
  if (!(alarm instanceof cloudwatch.Alarm)) {
    return { watches: 'unknown', variantNames: [], otherConfigNames: [] };
  }
  const facts: MetricFacts[] = [];
  collectMetrics(alarm.metric, target, facts, 0);
  const kinds = new Set(facts.map(f => f.watches));
  const watches: AlarmWatches = facts.length > 0 && kinds.size === 1 ? facts[0].watches : 'unknown';
  const variantNames = unique(facts.map(f => f.variantName).filter(isString));
  const otherConfigNames = unique(facts.map(f => f.otherConfigName).filter(isString));
  return { watches, variantNames, otherConfigNames };
}

function collectMetrics(metric: cloudwatch.IMetric, target: AlarmTarget, out: MetricFacts[], depth: number): void {
  if (depth > 10) {
    out.push({ watches: 'unknown' });
    return;
  }
  if (metric instanceof cloudwatch.MathExpression) {
    const using = Object.values(metric.usingMetrics);
    if (using.length === 0) {
      out.push({ watches: 'unknown' });
    }
    for (const inner of using) {
      collectMetrics(inner, target, out, depth + 1);
    }
    return;
  }
  if (!(metric instanceof cloudwatch.Metric)) {
    out.push({ watches: 'unknown' });
    return;
  }
  out.push(describeMetric(metric, target));
}

function describeMetric(metric: cloudwatch.Metric, target: AlarmTarget): MetricFacts {
  const dims = metric.dimensions ?? {};
  if (!SAGEMAKER_NAMESPACES.includes(metric.namespace) || dims.EndpointName === undefined || dims.VariantName === undefined) {
    return { watches: 'unknown' };
  }
  if (!sameValue(target.scope, dims.EndpointName, target.endpointName)) {
    return { watches: 'unknown' };
  }
  const variantName = typeof dims.VariantName === 'string' && !Token.isUnresolved(dims.VariantName) ? dims.VariantName : undefined;
  const configDim = dims.EndpointConfigName;
  if (configDim === undefined) {
    return { watches: 'both-fleets', variantName };
  }
  if (sameValue(target.scope, configDim, target.endpointConfigName)) {
    return { watches: 'new-fleet', variantName };
  }
  const literal = typeof configDim === 'string' && !Token.isUnresolved(configDim) ? configDim : undefined;
  return { watches: 'unknown', variantName, otherConfigName: literal };
}

/** Compares two values after resolving tokens in the scope's stack (so Refs compare by target). */
export function sameValue(scope: IConstruct, a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  const stack = Stack.of(scope);
  return stableStringify(stack.resolve(a)) === stableStringify(stack.resolve(b));
}

function unique(values: string[]): string[] {
  return Array.from(new Set(values));
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string';
}
