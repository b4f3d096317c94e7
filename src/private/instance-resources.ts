// What one instance of the accelerated families offers to inference components: the constructs check that a copy
// fits one instance and plan the instances a rolling update may add; the command plans the same from a template.
// Plain data and arithmetic (the command imports it).

/** What one instance offers to the inference components placed on it. */
export interface InstanceResources {
  /** vCPUs. */
  readonly vcpus: number;
  /** Memory in MiB. */
  readonly memoryMib: number;
  /**
   * Accelerator devices a component can reserve (`NumberOfAcceleratorDevicesRequired`): NVIDIA GPUs; for
   * AWS Inferentia2 and Trainium the NeuronCores (two per chip), the larger of the two readings, because the
   * API does not say which one it counts (so the check never rejects a placement SageMaker accepts).
   */
  readonly accelerators: number;
}

const GIB = 1024;

function family(vcpuMemAcc: { [size: string]: [number, number, number] }, prefix: string): Array<[string, InstanceResources]> {
  return Object.entries(vcpuMemAcc).map(([size, [vcpus, memoryGib, accelerators]]) =>
    [`ml.${prefix}.${size}`, { vcpus, memoryMib: memoryGib * GIB, accelerators }]);
}

/**
 * g5 and g6 share their sizes: vCPUs, memory in GiB and GPUs of each size are the same in both families. g4dn has
 * the same sizes up to 16xlarge.
 */
const G5_G6_SIZES: Record<string, [number, number, number]> = {
  'xlarge': [4, 16, 1],
  '2xlarge': [8, 32, 1],
  '4xlarge': [16, 64, 1],
  '8xlarge': [32, 128, 1],
  '12xlarge': [48, 192, 4],
  '16xlarge': [64, 256, 1],
  '24xlarge': [96, 384, 4],
  '48xlarge': [192, 768, 8],
};

/**
 * vCPUs, memory (GiB) and accelerators of the accelerated instance types, for the check that one inference
 * component copy fits one instance. Source: Amazon EC2 accelerated computing specifications
 * (https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html), the same hardware SageMaker lists on
 * https://aws.amazon.com/sagemaker/ai/pricing/. Instance types not listed here (CPU families, new types) are
 * not checked. The memory check compares with the whole instance: SageMaker keeps some memory for itself
 * (how much is not documented), so a reservation close to the total can still fail at deploy time.
 */
export const ACCELERATED_INSTANCE_RESOURCES: ReadonlyMap<string, InstanceResources> = new Map([
  ...family(Object.fromEntries(Object.entries(G5_G6_SIZES).filter(([size]) => size !== '24xlarge' && size !== '48xlarge')), 'g4dn'),
  ...family(G5_G6_SIZES, 'g5'),
  ...family(G5_G6_SIZES, 'g6'),
  ...family({
    'xlarge': [4, 32, 1],
    '2xlarge': [8, 64, 1],
    '4xlarge': [16, 128, 1],
    '8xlarge': [32, 256, 1],
    '12xlarge': [48, 384, 4],
    '16xlarge': [64, 512, 1],
    '24xlarge': [96, 768, 4],
    '48xlarge': [192, 1536, 8],
  }, 'g6e'),
  ...family({ '2xlarge': [8, 61, 1], '8xlarge': [32, 244, 4], '16xlarge': [64, 488, 8] }, 'p3'),
  ...family({ '24xlarge': [96, 1152, 8] }, 'p4d'),
  ...family({ '24xlarge': [96, 1152, 8] }, 'p4de'),
  ...family({ '4xlarge': [16, 256, 1], '48xlarge': [192, 2048, 8] }, 'p5'),
  ...family({ '48xlarge': [192, 2048, 8] }, 'p5e'),
  ...family({ '48xlarge': [192, 2048, 8] }, 'p5en'),
  // Inferentia2: 1, 1, 6 and 12 chips of 2 NeuronCores each
  ...family({ 'xlarge': [4, 16, 2], '8xlarge': [32, 128, 2], '24xlarge': [96, 384, 12], '48xlarge': [192, 768, 24] }, 'inf2'),
  // Trainium: 1 and 16 chips of 2 NeuronCores each
  ...family({ '2xlarge': [8, 32, 2], '32xlarge': [128, 512, 32] }, 'trn1'),
  ...family({ '32xlarge': [128, 512, 32] }, 'trn1n'),
]);

/** One copy's reservations, in API units (cores, devices, MiB); undefined where not reserved. */
export interface CopyReservation {
  readonly cpus?: number;
  readonly accelerators?: number;
  readonly minMemoryMib?: number;
}

/**
 * How many copies fit one instance of `instanceType` (the smallest of the CPU, accelerator and memory quotients),
 * or undefined when the type is not in the table or nothing is reserved. Derived from the reservations: SageMaker
 * keeps part of each instance for itself, so the real number may be lower (assumption).
 */
export function copiesPerInstance(instanceType: string, req: CopyReservation): number | undefined {
  const resources = ACCELERATED_INSTANCE_RESOURCES.get(instanceType);
  if (!resources) {
    return undefined;
  }
  const quotients: number[] = [];
  const add = (need: number | undefined, have: number) => {
    if (typeof need === 'number' && Number.isFinite(need) && need > 0) {
      quotients.push(Math.floor(have / need));
    }
  };
  add(req.cpus, resources.vcpus);
  add(req.accelerators, resources.accelerators);
  add(req.minMemoryMib, resources.memoryMib);
  return quotients.length === 0 ? undefined : Math.max(0, Math.min(...quotients));
}

/**
 * The NVIDIA GPU instance families SageMaker hosts (`ml.<family>.*`): the families of the table above that carry GPUs
 * (not Inferentia or Trainium), plus `p2` and `p3dn`. Used to warn about multi-model models on GPUs, which SageMaker
 * supports only through Triton on listed types (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-support.html).
 */
export const ACCELERATED_GPU_FAMILIES: ReadonlySet<string> = new Set([
  'p2', 'p3', 'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'g4dn', 'g5', 'g6', 'g6e',
]);
