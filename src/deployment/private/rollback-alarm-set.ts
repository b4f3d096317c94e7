import { Annotations, CfnResource, Duration, Stack, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { fail, show, validateNumber } from '../../private/validation';
import { ErrorRateAlarmProps, LatencyAlarmProps } from '../rollback-alarms';
import { AlarmFacts, describeAlarm } from './alarm-fleet';

/** SageMaker accepts at most this many rollback alarms. */
export const MAX_ROLLBACK_ALARMS = 10;

/** The endpoint facts the alarm set needs (kept narrow so it does not import the Endpoint class). */
export interface AlarmSetTarget {
  /** The deployment construct (errors name its path). */
  readonly scope: Construct;
  /** The endpoint construct (told of every alarm added, so its deploy grants cover it), if it is one of this library. */
  readonly endpoint?: IConstruct & { _addRollbackAlarm(alarm: cloudwatch.IAlarm): void };
  /** The resource whose update the alarms guard (the endpoint, or an inference component): it must depend on every alarm. */
  readonly cfnEndpoint: () => CfnResource | undefined;
  /**
   * The inference component whose rolling update the alarms guard. Its metrics carry only the
   * `InferenceComponentName` dimension, the same for old and new copies
   * (https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html), so the alarms watch all copies.
   *
   * @default - the alarms watch the new fleet of a variant of the endpoint
   */
  readonly componentName?: string;
  readonly endpointName: string;
  readonly endpointConfigName: string;
  /** Literal variant names of the config when known (for defaults and the rename check). */
  readonly variantNames: () => string[] | undefined;
}

/**
 * The rollback alarms of one deployment: de-duplication, the 10-alarm cap, the endpoint -> alarm
 * dependencies, the new-fleet alarm helpers and the fleet classification for the synth-time warnings.
 * Shared by BlueGreenDeployment and RollingDeployment (composition keeps it out of the public API).
 */
export class RollbackAlarmSet {
  private readonly alarms: cloudwatch.IAlarm[] = [];

  constructor(private readonly target: AlarmSetTarget) {}

  /** The alarms in the order they were added. */
  public get list(): cloudwatch.IAlarm[] {
    return [...this.alarms];
  }

  public get length(): number {
    return this.alarms.length;
  }

  /** Adds an alarm (the same alarm twice counts once); more than 10 is an error. */
  public add(alarm: cloudwatch.IAlarm): void {
    if (this.alarms.includes(alarm)) {
      return;
    }
    if (this.alarms.length >= MAX_ROLLBACK_ALARMS) {
      fail(this.target.scope, `alarms must be at most ${MAX_ROLLBACK_ALARMS} (the SageMaker AutoRollbackConfiguration limit), got ${this.alarms.length + 1} when adding ${alarm.node.path}`);
    }
    this.alarms.push(alarm);
    this.target.endpoint?._addRollbackAlarm(alarm);
    // The rollout reads the alarms by name, so they must exist before the endpoint updates. An alarm with a
    // generated name is rendered as a Ref, which already orders it before the endpoint (an explicit DependsOn
    // would be redundant: cfn-lint W3005); one with a literal name needs the DependsOn. In-stack alarms only:
    // across stacks the exported name carries the order.
    const cfn = this.target.cfnEndpoint();
    if (cfn && literalAlarmName(alarm) !== undefined && Stack.of(alarm) === Stack.of(cfn)) {
      cfn.node.addDependency(alarm);
    }
  }

  /** Creates and adds an error-rate alarm on the new fleet. */
  public addErrorRate(scope: Construct, id: string, props: ErrorRateAlarmProps): cloudwatch.Alarm {
    const variantName = this.variantFor(props.variantName, 'addErrorRateAlarm');
    const thresholdPercent = props.thresholdPercent ?? 1;
    if (!Token.isUnresolved(thresholdPercent) && !(thresholdPercent > 0 && thresholdPercent <= 100)) {
      fail(this.target.scope, `addErrorRateAlarm thresholdPercent must be more than 0 and at most 100 percent, got ${show(thresholdPercent)}`);
    }
    const shape = this.alarmShape('addErrorRateAlarm', props.period, props.evaluationPeriods, props.datapointsToAlarm);
    const metric = new cloudwatch.Metric({
      namespace: 'AWS/SageMaker',
      metricName: 'Invocation5XXErrors',
      dimensionsMap: this.watchedDimensions(variantName),
      statistic: cloudwatch.Stats.AVERAGE,
      period: shape.period,
    });
    const alarm = new cloudwatch.Alarm(scope, id, {
      metric,
      threshold: thresholdPercent / 100,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: shape.evaluationPeriods,
      datapointsToAlarm: shape.datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmName: props.alarmName,
      // the window and the dimensions are the alarm's own properties: the description says only what it is for
      alarmDescription: props.alarmDescription
        ?? `Rollback alarm (${this.watched(variantName)}): 5XX errors above ${thresholdPercent}% of invocations`,
    });
    this.add(alarm);
    return alarm;
  }

  /** Creates and adds a model latency alarm on the new fleet. */
  public addLatency(scope: Construct, id: string, props: LatencyAlarmProps): cloudwatch.Alarm {
    const variantName = this.variantFor(props.variantName, 'addLatencyAlarm');
    if (props.threshold === undefined) {
      fail(this.target.scope, 'addLatencyAlarm threshold must be given (a Duration of more than 0 and at most 1 hour), got undefined');
    }
    const micros = props.threshold.toMilliseconds({ integral: false }) * 1000;
    if (!Token.isUnresolved(micros) && !(micros > 0 && micros <= 3_600_000_000)) {
      fail(this.target.scope, `addLatencyAlarm threshold must be more than 0 and at most 1 hour, got ${props.threshold.toHumanString()}`);
    }
    const statistic = props.statistic ?? 'p99';
    const shape = this.alarmShape('addLatencyAlarm', props.period, props.evaluationPeriods, props.datapointsToAlarm);
    const metric = new cloudwatch.Metric({
      namespace: 'AWS/SageMaker',
      metricName: 'ModelLatency',
      dimensionsMap: this.watchedDimensions(variantName),
      statistic,
      period: shape.period,
      unit: cloudwatch.Unit.MICROSECONDS,
    });
    const alarm = new cloudwatch.Alarm(scope, id, {
      metric,
      threshold: micros,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: shape.evaluationPeriods,
      datapointsToAlarm: shape.datapointsToAlarm,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmName: props.alarmName,
      alarmDescription: props.alarmDescription
        ?? `Rollback alarm (${this.watched(variantName)}): ${statistic} model latency above ${props.threshold.toHumanString()}`,
    });
    this.add(alarm);
    return alarm;
  }

  /** `AutoRollbackConfiguration`, or undefined without alarms (CloudFormation rejects an empty list). */
  public renderAutoRollback(): { alarms: Array<{ alarmName: string }> } | undefined {
    if (this.alarms.length === 0) {
      return undefined;
    }
    return { alarms: this.alarms.map(a => ({ alarmName: literalAlarmName(a) ?? this.alarmNameToken(a) })) };
  }

  /**
   * Synth-time checks that depend on the final state: literal alarm names are unique, every alarm that
   * watches a variant of this endpoint names a variant the config has (a rename makes the alarm watch
   * nothing, docs/failure-modes.md row 7), and alarms pinned to another config are flagged.
   * Returns every problem (without the construct path); warnings become annotations.
   */
  public validate(): string[] {
    const scope = this.target.scope;
    const messages: string[] = [];
    const seen = new Map<string, string>();
    for (const alarm of this.alarms) {
      const name = literalAlarmName(alarm);
      if (name !== undefined && (name.trim().length === 0 || name.length > 255)) {
        messages.push(`alarm names must be 1-255 characters and not blank, got ${show(name)} (${alarm.node.path})`);
      }
      if (name !== undefined) {
        const previous = seen.get(name);
        if (previous !== undefined) {
          messages.push(`alarms must be unique, got the alarm name ${show(name)} twice (${previous} and ${alarm.node.path})`);
        }
        seen.set(name, alarm.node.path);
      }
    }
    if (this.target.componentName !== undefined) {
      // a component's alarms have no variant or config to check against
      return messages;
    }
    const variants = this.target.variantNames();
    for (const alarm of this.alarms) {
      const facts = this.facts(alarm);
      if (variants !== undefined) {
        for (const v of facts.variantNames) {
          if (!variants.includes(v)) {
            messages.push(`rollback alarm ${alarm.node.path} must watch a variant of the endpoint config (${variants.map(show).join(', ')}), got VariantName ${show(v)}: `
              + 'the variant was renamed or removed, so the alarm would watch nothing and SageMaker would skip the guardrails');
          }
        }
      }
      for (const other of facts.otherConfigNames) {
        Annotations.of(scope).addWarningV2('cdk-sagemaker-endpoint:alarmWatchesOtherConfig',
          `rollback alarm ${alarm.node.path} watches EndpointConfigName ${show(other)}, which is not the config being deployed; it will not see the new fleet (use addErrorRateAlarm()/addLatencyAlarm())`);
      }
    }
    return messages;
  }

  private facts(alarm: cloudwatch.IAlarm): AlarmFacts {
    const { scope, endpointName, endpointConfigName } = this.target;
    return describeAlarm({ scope, endpointName, endpointConfigName }, alarm);
  }

  /**
   * The alarm name as a token. For an alarm created in the guarded resource's stack this is its L1's `Ref`
   * (what `alarm.alarmName` resolves to there, without the cross-environment wrapper each read of it registers);
   * any other alarm's `alarmName`.
   */
  private alarmNameToken(alarm: cloudwatch.IAlarm): string {
    const child = alarm.node.defaultChild;
    const cfn = this.target.cfnEndpoint();
    if (alarm instanceof cloudwatch.Alarm && child instanceof cloudwatch.CfnAlarm && cfn && Stack.of(alarm) === Stack.of(cfn)) {
      return child.ref;
    }
    return alarm.alarmName;
  }

  /** What the description says the alarm watches. */
  private watched(variantName: string): string {
    return this.target.componentName !== undefined ? `inference component ${this.target.componentName}` : `new config, variant ${variantName}`;
  }

  private watchedDimensions(variantName: string): cloudwatch.DimensionsMap {
    if (this.target.componentName !== undefined) {
      return { InferenceComponentName: this.target.componentName };
    }
    return {
      EndpointName: this.target.endpointName,
      VariantName: variantName,
      EndpointConfigName: this.target.endpointConfigName,
    };
  }

  private variantFor(given: string | undefined, method: string): string {
    if (this.target.componentName !== undefined) {
      if (given !== undefined) {
        fail(this.target.scope, `${method} variantName must not be given for an inference component (its metrics have the InferenceComponentName dimension only), got ${show(given)}`);
      }
      return '';
    }
    const known = this.target.variantNames();
    if (given !== undefined) {
      if (known !== undefined && !Token.isUnresolved(given) && !known.includes(given)) {
        fail(this.target.scope, `${method} variantName must be one of the endpoint config's variants (${known.map(show).join(', ')}), got ${show(given)}`);
      }
      return given;
    }
    if (known === undefined || known.length !== 1) {
      const which = known === undefined ? 'the endpoint config is not known at synth' : `the endpoint config has ${known.length} variants (${known.map(show).join(', ')})`;
      fail(this.target.scope, `${method} variantName must be given when ${which}, got undefined`);
    }
    return known[0];
  }

  private alarmShape(method: string, period: Duration | undefined, evaluationPeriods: number | undefined, datapointsToAlarm: number | undefined) {
    const p = period ?? Duration.minutes(1);
    const seconds = p.toSeconds({ integral: false });
    if (!Token.isUnresolved(seconds) && !(seconds === 10 || seconds === 30 || (seconds >= 60 && seconds % 60 === 0))) {
      fail(this.target.scope, `${method} period must be 10 seconds, 30 seconds or a multiple of 60 seconds, got ${seconds} seconds`);
    }
    const evaluations = evaluationPeriods ?? 3;
    validateNumber(this.target.scope, `${method} evaluationPeriods`, evaluations, { min: 1, max: 100 });
    // CloudWatch PutMetricAlarm: the evaluated range (evaluation periods x period) is at most one day
    if (!Token.isUnresolved(seconds) && !Token.isUnresolved(evaluations) && seconds * evaluations > 86400) {
      fail(this.target.scope, `${method} evaluationPeriods x period must be at most 1 day (86400 seconds), got ${evaluations} x ${seconds} seconds`);
    }
    const datapoints = datapointsToAlarm ?? Math.min(2, evaluations);
    validateNumber(this.target.scope, `${method} datapointsToAlarm`, datapoints, { min: 1, max: evaluations });
    return { period: p, evaluationPeriods: evaluations, datapointsToAlarm: datapoints };
  }
}

/**
 * The alarm's name when it is known at synth: the name of an imported alarm, or the `alarmName` given
 * to an in-stack alarm (whose `alarmName` attribute is always a Ref token).
 */
export function literalAlarmName(alarm: cloudwatch.IAlarm): string | undefined {
  const child = alarm.node.defaultChild;
  // An in-stack Alarm's `alarmName` is always a token, and every read of it registers a new one (a Ref
  // wrapped in a cross-environment Lazy): its literal name, if any, is the L1's, read without a token.
  if (!(alarm instanceof cloudwatch.Alarm) && !Token.isUnresolved(alarm.alarmName)) {
    return alarm.alarmName;
  }
  if (child instanceof cloudwatch.CfnAlarm && typeof child.alarmName === 'string' && !Token.isUnresolved(child.alarmName)) {
    return child.alarmName;
  }
  return undefined;
}
