// The host fleet must hold a component's copies: at create (initialCopyCount), at the copy autoscaling maximum, and
// at the peak of a rolling update (copies + one batch). Copies per instance come from the library's instance table
// (ml.g5.12xlarge: 48 vCPUs, 192 GiB, 4 GPUs); the instances the variant can have are its managed instance scaling
// maximum, else its initialInstanceCount.
import { App, CfnParameter, Duration, Size, Stack } from 'aws-cdk-lib';
import { CfnEndpoint, CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import {
  CapacitySize, ComponentHostingVariantProps, ComponentSpecification, ContainerImage, Endpoint, EndpointConfig, IEndpoint,
  InferenceComponent, InferenceComponentProps, InferenceComponentRollingDeployment, InstanceType, ManagedInstanceScaling,
} from '../src';

const IMAGE_URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/llm:v1';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function synth(stack: Stack): void {
  (stack.node.root as App).synth();
}

/** A component of 2 GPUs and 32 GiB per copy (2 copies per ml.g5.12xlarge) on variant `AllTraffic`. */
function llm(stack: Stack, variant: Partial<ComponentHostingVariantProps> = {}, props: Partial<InferenceComponentProps> = {}): InferenceComponent {
  const config = new EndpointConfig(stack, 'Config', {
    componentHostingVariants: [{ variantName: 'AllTraffic', instanceType: InstanceType.ML_G5_12XLARGE, initialInstanceCount: 1, ...variant }],
  });
  return new InferenceComponent(stack, 'Component', {
    endpoint: new Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' }),
    specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE_URI) }),
    numberOfAcceleratorDevicesRequired: 2,
    minMemoryRequired: Size.gibibytes(32),
    ...props,
  });
}

function rollout(component: InferenceComponent): InferenceComponentRollingDeployment {
  return new InferenceComponentRollingDeployment(component.stack, 'Rollout', {
    component, maximumBatchSize: CapacitySize.copies(1), waitInterval: Duration.minutes(5),
  });
}

const MIS_2: ManagedInstanceScaling = { minInstanceCount: 1, maxInstanceCount: 2 };
const PER_COPY = '2 copies per instance: each copy reserves 2 of 4 accelerators and 32768 of 196608 MiB memory';

describe('the host fleet holds the copies', () => {
  describe('initialCopyCount', () => {
    test('3 copies of 2 GPUs on one fixed 4-GPU instance is an error naming both fixes', () => {
      // GIVEN 1 x ml.g5.12xlarge, no managed instance scaling
      const stack = newStack();
      // WHEN
      llm(stack, {}, { initialCopyCount: 3 });
      // THEN
      expect(() => synth(stack)).toThrow(`[Stack/Component] initialCopyCount 3 needs 2 instances of ml.g5.12xlarge (${PER_COPY}), `
        + 'but variant "AllTraffic" can have at most 1 instance (initialInstanceCount 1, no managedInstanceScaling): '
        + 'give the variant managedInstanceScaling with maxInstanceCount at least 2 (or initialInstanceCount 2), or lower initialCopyCount to at most 2');
    });

    test('the managed instance scaling maximum bounds the fleet: an error that says to raise it', () => {
      // GIVEN managed instance scaling 1-1
      const stack = newStack();
      // WHEN
      llm(stack, { managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 1 } }, { initialCopyCount: 3 });
      // THEN
      expect(() => synth(stack)).toThrow('initialCopyCount 3 needs 2 instances of ml.g5.12xlarge '
        + `(${PER_COPY}), but variant "AllTraffic" can have at most 1 instance (managedInstanceScaling maxInstanceCount 1): `
        + 'raise its managedInstanceScaling maxInstanceCount to at least 2, or lower initialCopyCount to at most 2');
    });

    test('disabled managed instance scaling leaves the fleet at initialInstanceCount', () => {
      // GIVEN managed instance scaling up to 2, disabled
      const stack = newStack();
      // WHEN
      llm(stack, { managedInstanceScaling: { enabled: false, maxInstanceCount: 2 } }, { initialCopyCount: 3 });
      // THEN
      expect(() => synth(stack)).toThrow('but variant "AllTraffic" can have at most 1 instance (initialInstanceCount 1, managedInstanceScaling disabled): '
        + 'enable its managedInstanceScaling with maxInstanceCount at least 2 (or raise initialInstanceCount to 2), or lower initialCopyCount to at most 2');
    });

    test('passes when managed instance scaling may add the second instance, or when two instances run from the start', () => {
      expect(() => synth(llm(newStack(), { managedInstanceScaling: MIS_2 }, { initialCopyCount: 3 }).stack)).not.toThrow();
      expect(() => synth(llm(newStack(), { initialInstanceCount: 2 }, { initialCopyCount: 4 }).stack)).not.toThrow();
      expect(() => synth(llm(newStack(), {}, { initialCopyCount: 2 }).stack)).not.toThrow();
    });
  });

  describe('copy autoscaling maximum', () => {
    test('autoscaling 2-8 copies on one fixed instance is an error', () => {
      // GIVEN
      const stack = newStack();
      const component = llm(stack, {}, { initialCopyCount: 2 });
      // WHEN
      component.autoScaleCopyCount({ minCapacity: 2, maxCapacity: 8 }).scaleOnInvocationsPerCopy('Tracking', { targetInvocationsPerCopy: 5 });
      // THEN
      expect(() => synth(stack)).toThrow(`[Stack/Component] autoScaleCopyCount maxCapacity 8 needs 4 instances of ml.g5.12xlarge (${PER_COPY}), `
        + 'but variant "AllTraffic" can have at most 1 instance (initialInstanceCount 1, no managedInstanceScaling): '
        + 'give the variant managedInstanceScaling with maxInstanceCount at least 4 (or initialInstanceCount 4), or lower autoScaleCopyCount maxCapacity to at most 2');
    });

    test('passes when managed instance scaling reaches the instances of the maximum', () => {
      // GIVEN managed instance scaling up to 4 instances (8 copies)
      const stack = newStack();
      const component = llm(stack, { managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 4 } }, { initialCopyCount: 2 });
      // WHEN
      component.autoScaleCopyCount({ minCapacity: 2, maxCapacity: 8 }).scaleOnInvocationsPerCopy('Tracking', { targetInvocationsPerCopy: 5 });
      // THEN
      expect(() => synth(stack)).not.toThrow();
    });
  });

  describe('rolling update peak', () => {
    test('2 copies filling the only instance cannot take a batch of 1: an error on the rollout', () => {
      // GIVEN 2 copies on 1 x ml.g5.12xlarge, no managed instance scaling
      const stack = newStack();
      // WHEN
      rollout(llm(stack, {}, { initialCopyCount: 2 }));
      // THEN
      expect(() => synth(stack)).toThrow(`[Stack/Rollout] rolling update peak of 3 copies (2 copies + a batch of 1) needs 2 instances of ml.g5.12xlarge (${PER_COPY}), `
        + 'but variant "AllTraffic" can have at most 1 instance (initialInstanceCount 1, no managedInstanceScaling): '
        + 'give the variant managedInstanceScaling with maxInstanceCount at least 2 (or initialInstanceCount 2), or keep the copies plus one batch at most 2');
    });

    test('managed instance scaling 1-1 gives no headroom either', () => {
      const stack = newStack();
      rollout(llm(stack, { managedInstanceScaling: { minInstanceCount: 1, maxInstanceCount: 1 } }, { initialCopyCount: 2 }));
      expect(() => synth(stack)).toThrow('[Stack/Rollout] rolling update peak of 3 copies (2 copies + a batch of 1) needs 2 instances of ml.g5.12xlarge');
    });

    test('with copy autoscaling the peak is taken at the maximum', () => {
      // GIVEN 2-4 copies, managed instance scaling up to 2 instances: 4 copies fit, 4 + 1 do not
      const stack = newStack();
      const component = llm(stack, { managedInstanceScaling: MIS_2 }, { initialCopyCount: 2 });
      component.autoScaleCopyCount({ minCapacity: 2, maxCapacity: 4 }).scaleOnInvocationsPerCopy('Tracking', { targetInvocationsPerCopy: 5 });
      // WHEN
      rollout(component);
      // THEN
      expect(() => synth(stack)).toThrow('[Stack/Rollout] rolling update peak of 5 copies (4 copies + a batch of 1) needs 3 instances of ml.g5.12xlarge '
        + `(${PER_COPY}), but variant "AllTraffic" can have at most 2 instances (managedInstanceScaling maxInstanceCount 2): `
        + 'raise its managedInstanceScaling maxInstanceCount to at least 3, or keep the copies plus one batch at most 4');
    });

    test('passes with managed instance scaling up to 2 instances', () => {
      const stack = newStack();
      const deployment = rollout(llm(stack, { managedInstanceScaling: MIS_2 }, { initialCopyCount: 2 }));
      expect(() => synth(stack)).not.toThrow();
      expect(deployment.plan.extraInstanceCount).toBe(1);
    });
  });

  describe('skipped when the fleet or the copies are not known', () => {
    test('an instance type outside the library table is not checked', () => {
      const stack = newStack();
      rollout(llm(stack, { instanceType: InstanceType.ML_C6I_4XLARGE }, { numberOfAcceleratorDevicesRequired: undefined, initialCopyCount: 10 }));
      expect(() => synth(stack)).not.toThrow();
    });

    test('a copy count given as a token is not checked', () => {
      const stack = newStack();
      llm(stack, {}, { initialCopyCount: new CfnParameter(stack, 'Copies', { type: 'Number' }).valueAsNumber });
      expect(() => synth(stack)).not.toThrow();
    });

    test('an autoscaling maximum given as a token is not checked', () => {
      const stack = newStack();
      llm(stack).autoScaleCopyCount({ maxCapacity: new CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber })
        .scaleOnInvocationsPerCopy('Tracking', { targetInvocationsPerCopy: 5 });
      expect(() => synth(stack)).not.toThrow();
    });

    test('instance counts given as tokens are not checked', () => {
      const stack = newStack();
      const count = new CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber;
      llm(stack, { initialInstanceCount: count }, { initialCopyCount: 3 });
      expect(() => synth(stack)).not.toThrow();
      const other = newStack();
      const max = new CfnParameter(other, 'Max', { type: 'Number' }).valueAsNumber;
      llm(other, { managedInstanceScaling: { maxInstanceCount: max } }, { initialCopyCount: 3 });
      expect(() => synth(other)).not.toThrow();
    });

    test('a component on an imported endpoint is not checked', () => {
      const stack = newStack();
      const endpoint: IEndpoint = Endpoint.fromEndpointName(stack, 'Imported', 'llm');
      new InferenceComponent(stack, 'Component', {
        endpoint,
        variantName: 'AllTraffic',
        specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE_URI) }),
        numberOfAcceleratorDevicesRequired: 2,
        minMemoryRequired: Size.gibibytes(32),
        initialCopyCount: 30,
      });
      expect(() => synth(stack)).not.toThrow();
    });
  });

  describe('an L1 endpoint config', () => {
    function onL1(managedInstanceScaling?: CfnEndpointConfig.ManagedInstanceScalingProperty): Stack {
      const stack = newStack();
      const cfnConfig = new CfnEndpointConfig(stack, 'CfnConfig', {
        executionRoleArn: 'arn:aws:iam::123456789012:role/sagemaker',
        productionVariants: [{ variantName: 'AllTraffic', instanceType: 'ml.g5.12xlarge', initialInstanceCount: 1, managedInstanceScaling }],
      });
      const cfnEndpoint = new CfnEndpoint(stack, 'CfnEndpoint', { endpointConfigName: cfnConfig.attrEndpointConfigName, endpointName: 'llm' });
      const endpoint = Endpoint.fromCfnEndpoint(cfnEndpoint, { endpointConfig: EndpointConfig.fromCfnEndpointConfig(cfnConfig) });
      new InferenceComponent(stack, 'Component', {
        endpoint,
        specification: ComponentSpecification.fromContainer({ image: ContainerImage.fromImageUri(IMAGE_URI) }),
        numberOfAcceleratorDevicesRequired: 2,
        minMemoryRequired: Size.gibibytes(32),
        initialCopyCount: 3,
      });
      return stack;
    }

    test('is checked against its initial instance count', () => {
      expect(() => synth(onL1())).toThrow('initialCopyCount 3 needs 2 instances of ml.g5.12xlarge');
    });

    test('reads its managed instance scaling maximum', () => {
      expect(() => synth(onL1({ status: 'ENABLED', minInstanceCount: 1, maxInstanceCount: 2 }))).not.toThrow();
      expect(() => synth(onL1({ status: 'DISABLED', minInstanceCount: 1, maxInstanceCount: 2 }))).toThrow('managedInstanceScaling disabled');
    });
  });
});
