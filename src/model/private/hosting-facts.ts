/**
 * What an endpoint config or an inference component needs to know about a model it hosts, to enforce the rules that
 * depend on the model's containers (shadow-variant and multi-model exclusions) and network settings (components).
 * Built by `Model`; imported models have none (their containers are unknown, so those rules are skipped for them).
 */
export interface ModelHostingFacts {
  /** Number of containers of the model. */
  readonly containerCount: number;
  /** Whether a container serves many models from an S3 prefix (`Mode: MultiModel`). */
  readonly multiModel: boolean;
  /** Whether the model runs in a VPC (`VpcConfig`). */
  readonly vpc: boolean;
  /** Whether the model sets `EnableNetworkIsolation: true`. */
  readonly networkIsolation: boolean;
}
