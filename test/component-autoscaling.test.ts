// Copy autoscaling of inference components (issue 15; reference inference-components.md sections 4 and 8 rows 5, 8, 9).
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, InferenceComponent, InferenceComponentProps, InstanceType,
  ManagedInstanceScaling, ModelData,
} from '../src';
import { formatFindings, lintTemplates } from './util/cfn-lint';

const ENV = { account: '123456789012', region: 'us-east-1' };

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

function endpointOn(stack: Stack, managedInstanceScaling?: ManagedInstanceScaling): Endpoint {
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, managedInstanceScaling }],
  });
  return new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' });
}

function component(stack: Stack, props: Partial<InferenceComponentProps> = {}, image = 'llm:v1'): InferenceComponent {
  const endpoint = props.endpoint ?? (stack.node.tryFindChild('Endpoint') as Endpoint | undefined)
    ?? endpointOn(stack, { minInstanceCount: 0, maxInstanceCount: 4 });
  return new InferenceComponent(stack, 'Component', {
    endpoint,
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(`123456789012.dkr.ecr.us-east-1.amazonaws.com/${image}`) }),
    minMemoryRequired: Size.gibibytes(8),
    ...props,
  });
}

function warnings(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue())
    .map(w => String(w.entry.data)).filter(m => m.includes(`[ack: cdk-sagemaker-endpoint:${id}]`));
}

describe('InferenceComponent.autoScaleCopyCount', () => {
  describe('the scalable target', () => {
    test('registers the copies of the component (resource id, dimension, range, service-linked role) after the component', () => {
      // GIVEN
      const stack = newStack();
      const ic = component(stack);
      // WHEN
      ic.autoScaleCopyCount({ minCapacity: 1, maxCapacity: 4 });
      // THEN
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'sagemaker',
        ResourceId: `inference-component/${ic.inferenceComponentName}`,
        ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
        MinCapacity: 1,
        MaxCapacity: 4,
        RoleARN: {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' },
            ':iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint']],
        },
      });
      const componentId = Object.keys(t.findResources('AWS::SageMaker::InferenceComponent'))[0];
      const target = Object.values(t.findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0];
      expect(target.DependsOn).toContain(componentId);
    });

    test('minCapacity defaults to 1', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      component(stack).autoScaleCopyCount({ maxCapacity: 3 });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 3 });
      Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    });

    test('is the same object as component.scalableCopyCount', () => {
      // GIVEN
      const ic = component(newStack());
      expect(ic.scalableCopyCount).toBeUndefined();
      // WHEN
      const scalable = ic.autoScaleCopyCount({ maxCapacity: 2 });
      // THEN
      expect(ic.scalableCopyCount).toBe(scalable);
    });
  });

  describe('target tracking', () => {
    test('scaleOnInvocationsPerCopy tracks SageMakerInferenceComponentInvocationsPerCopy with the given cooldowns', () => {
      // GIVEN
      const stack = newStack();
      const scalable = component(stack).autoScaleCopyCount({ maxCapacity: 4 });
      // WHEN
      scalable.scaleOnInvocationsPerCopy('Invocations', {
        targetInvocationsPerCopy: 5, scaleInCooldown: Duration.minutes(5), scaleOutCooldown: Duration.minutes(1), disableScaleIn: false,
      });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerInferenceComponentInvocationsPerCopy' },
          TargetValue: 5,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
          DisableScaleIn: false,
        },
      });
    });

    test('scaleOnConcurrentRequestsPerCopy tracks the high-resolution concurrent requests per copy', () => {
      // GIVEN
      const stack = newStack();
      const scalable = component(stack).autoScaleCopyCount({ maxCapacity: 4 });
      // WHEN
      scalable.scaleOnConcurrentRequestsPerCopy('Concurrency', { targetConcurrentRequestsPerCopy: 2 });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution' },
          TargetValue: 2,
        },
      });
    });

    test.each([
      ['scaleOnInvocationsPerCopy', 'targetInvocationsPerCopy'],
      ['scaleOnConcurrentRequestsPerCopy', 'targetConcurrentRequestsPerCopy'],
    ])('%s rejects a target of 0', (method, property) => {
      // GIVEN
      const scalable = component(newStack()).autoScaleCopyCount({ maxCapacity: 4 }) as any;
      // THEN
      expect(() => scalable[method]('P', { [property]: 0 })).toThrow(`${property} must be a number greater than 0, got 0`);
    });
  });

  describe('scale to zero (minCapacity 0)', () => {
    function scaledToZero(): { stack: Stack; ic: InferenceComponent; t: Template } {
      const stack = newStack();
      const ic = component(stack);
      ic.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }).scaleOnInvocationsPerCopy('Invocations', { targetInvocationsPerCopy: 1 });
      return { stack, ic, t: Template.fromStack(stack) };
    }

    test('registers the target with MinCapacity 0', () => {
      scaledToZero().t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 2 });
    });

    test('adds the step-scaling policy that starts the first copy', () => {
      scaledToZero().t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          MetricAggregationType: 'Maximum',
          Cooldown: 60,
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      });
    });

    test('adds the NoCapacityInvocationFailures alarm (Sum, 60 s, 1 of 1, >= 1, not breaching) whose action is the step policy', () => {
      // GIVEN
      const { ic, t } = scaledToZero();
      const stepPolicyId = Object.entries(t.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
        .find(([, r]) => r.Properties.PolicyType === 'StepScaling')![0];
      // THEN
      t.resourceCountIs('AWS::CloudWatch::Alarm', 1);
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${ic.inferenceComponentName}-NoCapacityInvocationFailures`,
        Namespace: 'AWS/SageMaker',
        MetricName: 'NoCapacityInvocationFailures',
        Dimensions: [{ Name: 'InferenceComponentName', Value: ic.inferenceComponentName }],
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: stepPolicyId }],
      });
    });

    test('exposes the alarm and the step policy', () => {
      const { ic } = scaledToZero();
      expect(ic.scalableCopyCount!.scaleFromZeroAlarm).toBeDefined();
      expect(ic.scalableCopyCount!.scaleFromZeroAction).toBeDefined();
    });

    test('creates the component with one copy (SageMaker rejects 0 at create)', () => {
      scaledToZero().t.hasResourceProperties('AWS::SageMaker::InferenceComponent', { RuntimeConfig: { CopyCount: 1 } });
    });

    test('is an error without a target-tracking policy (nothing would scale in)', () => {
      // GIVEN
      const stack = newStack();
      component(stack).autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 });
      // THEN
      expect(() => Template.fromStack(stack)).toThrow('autoScaleCopyCount with minCapacity 0 needs a target-tracking policy to scale in to zero copies '
        + '(scaleOnInvocationsPerCopy, scaleOnConcurrentRequestsPerCopy or scaleToTrackMetric), got none');
    });

    test('does not warn when the host variant scales its instances to zero', () => {
      expect(warnings(scaledToZero().stack, 'copiesScaleToZeroOnRunningInstances')).toEqual([]);
    });

    test.each([
      ['no managed instance scaling', undefined, 'no managedInstanceScaling'],
      ['a minimum of 1 instance', { minInstanceCount: 1, maxInstanceCount: 4 }, 'managedInstanceScaling minInstanceCount 1'],
      ['managed instance scaling disabled', { enabled: false, minInstanceCount: 0, maxInstanceCount: 4 }, 'managedInstanceScaling disabled'],
    ])('warns when the host variant keeps its instances (%s)', (_, mis, got) => {
      // GIVEN
      const stack = newStack();
      const ic = component(stack, { endpoint: endpointOn(stack, mis) });
      // WHEN
      ic.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 2 }).scaleOnInvocationsPerCopy('I', { targetInvocationsPerCopy: 1 });
      // THEN
      expect(warnings(stack, 'copiesScaleToZeroOnRunningInstances')).toEqual([
        `autoScaleCopyCount minCapacity 0 scales the copies to zero, but variant "AllTraffic" keeps its instances running (${got}): `
        + 'give the variant managedInstanceScaling with minInstanceCount 0 to release them too (some Regions reject 0), '
        + 'or keep them running for a faster wake-up [ack: cdk-sagemaker-endpoint:copiesScaleToZeroOnRunningInstances]',
      ]);
    });

    test('passes cfn-lint', () => {
      const { stack } = scaledToZero();
      const result = lintTemplates([{ name: 'component-scale-to-zero', template: Template.fromStack(stack).toJSON() }]);
      expect(formatFindings(result.errors)).toEqual('');
    });
  });

  describe('the copy count in the template', () => {
    test.each([
      [{ minCapacity: 0, maxCapacity: 4 }, 1],
      [{ minCapacity: 1, maxCapacity: 4 }, 1],
      [{ minCapacity: 3, maxCapacity: 4 }, 3],
    ])('is max(1, minCapacity) without initialCopyCount (%j -> %d)', (range, copies) => {
      // GIVEN
      const stack = newStack();
      const ic = component(stack);
      // WHEN
      const scalable = ic.autoScaleCopyCount(range);
      scalable.scaleOnInvocationsPerCopy('I', { targetInvocationsPerCopy: 1 });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::InferenceComponent', { RuntimeConfig: { CopyCount: copies } });
      expect(ic.initialCopyCount).toBe(copies);
    });

    test('is initialCopyCount when given, with a warning when it differs from the minimum', () => {
      // GIVEN
      const stack = newStack();
      const ic = component(stack, { initialCopyCount: 3 });
      // WHEN
      ic.autoScaleCopyCount({ minCapacity: 2, maxCapacity: 4 });
      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::InferenceComponent', { RuntimeConfig: { CopyCount: 3 } });
      expect(warnings(stack, 'copyCountDiffersFromMinimum')).toEqual([
        'initialCopyCount 3 differs from the autoscaling minimum 2 (max(1, minCapacity)): the template keeps CopyCount 3 on every deploy, '
        + 'and whether CloudFormation re-applies it over the count autoscaling set is not documented (a deploy may scale the copies); '
        + 'leave initialCopyCount unset to use the minimum [ack: cdk-sagemaker-endpoint:copyCountDiffersFromMinimum]',
      ]);
    });

    test('does not warn when initialCopyCount equals the minimum', () => {
      // GIVEN
      const stack = newStack();
      // WHEN
      component(stack, { initialCopyCount: 2 }).autoScaleCopyCount({ minCapacity: 2, maxCapacity: 4 });
      // THEN
      expect(warnings(stack, 'copyCountDiffersFromMinimum')).toEqual([]);
    });

    test('stays the same across a specification change (new image) with autoscaling attached', () => {
      // GIVEN two versions of the app, the second with a new image
      const render = (image: string) => {
        const stack = newStack();
        const ic = component(stack, {}, image);
        ic.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 4 }).scaleOnInvocationsPerCopy('I', { targetInvocationsPerCopy: 1 });
        return Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::InferenceComponent'))[0].Properties;
      };
      // WHEN
      const before = render('llm:v1');
      const after = render('llm:v2');
      // THEN the specification changed and the runtime config did not
      expect(after.Specification.Container.Image).not.toEqual(before.Specification.Container.Image);
      expect(after.RuntimeConfig).toEqual(before.RuntimeConfig);
      expect(after.RuntimeConfig).toEqual({ CopyCount: 1 });
    });
  });

  describe('rules', () => {
    test('maxCapacity must be at least max(1, minCapacity)', () => {
      expect(() => component(newStack()).autoScaleCopyCount({ minCapacity: 3, maxCapacity: 2 }))
        .toThrow('autoScaleCopyCount maxCapacity must be at least max(1, minCapacity) (3), got 2');
    });

    test('maxCapacity must be at least 1', () => {
      expect(() => component(newStack()).autoScaleCopyCount({ minCapacity: 0, maxCapacity: 0 }))
        .toThrow('autoScaleCopyCount maxCapacity must be 1-2147483647, got 0');
    });

    test('minCapacity must not be negative', () => {
      expect(() => component(newStack()).autoScaleCopyCount({ minCapacity: -1, maxCapacity: 2 }))
        .toThrow('autoScaleCopyCount minCapacity must be 0-2147483647, got -1');
    });

    test('minCapacity must be a whole number', () => {
      expect(() => component(newStack()).autoScaleCopyCount({ minCapacity: 1.5, maxCapacity: 2 }))
        .toThrow('autoScaleCopyCount minCapacity must be a whole number in 0-2147483647, got 1.5');
    });

    test('initialCopyCount must be at most maxCapacity', () => {
      expect(() => component(newStack(), { initialCopyCount: 5 }).autoScaleCopyCount({ minCapacity: 1, maxCapacity: 4 }))
        .toThrow('initialCopyCount must be at most autoScaleCopyCount maxCapacity (4), got 5');
    });

    test('is called once per component', () => {
      // GIVEN
      const ic = component(newStack());
      ic.autoScaleCopyCount({ maxCapacity: 2 });
      // THEN
      expect(() => ic.autoScaleCopyCount({ maxCapacity: 3 }))
        .toThrow('autoScaleCopyCount must be called once per inference component, got a second call');
    });

    test('is refused on an adapter (scale the base component)', () => {
      // GIVEN
      const stack = newStack();
      const base = component(stack);
      const adapter = new InferenceComponent(stack, 'Adapter', {
        endpoint: base.endpoint,
        specification: ComponentSpecification.adapter(ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'artifacts'), 'lora.tar.gz')),
        baseComponent: base,
      });
      // THEN
      expect(() => adapter.autoScaleCopyCount({ maxCapacity: 2 })).toThrow('autoScaleCopyCount must be used on the base component of an adapter, '
        + 'got an adapter component (adapters run on the base component\'s copies; how an adapter scales is not documented)');
    });
  });
});
