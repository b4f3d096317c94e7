import { IConstruct } from 'constructs';
import { fail, show } from '../../private/validation';
import { ContainerDefinition, ContainerMode } from '../model';
import type { ModelDataConfig } from '../model-data';

// The rules on a model's containers that concern where the model comes from (issue 16): image or model package,
// and multi-model containers. Model calls them; they live here to keep model.ts one concept.

/**
 * Where each container's image comes from, and the multi-model rules that can be checked on the model:
 * - exactly one of `image` and `modelPackage` (CreateModel needs an image, given directly or by the package;
 *   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html);
 * - no `modelData` with `modelPackage`: the package version carries its own artifacts. ASSUMPTION: the API page
 *   does not say whether `ModelDataUrl` may override a package's artifacts (UNCONFIRMED), so the safe choice is to
 *   reject the combination rather than deploy a model whose artifacts are ambiguous;
 * - no `ContainerMode.MULTI_MODEL` with `modelPackage`: a multi-model container needs an S3 prefix of models as
 *   `ModelDataUrl`, which a package does not provide (UNCONFIRMED whether SageMaker accepts it: rejected, safe choice);
 * - `ContainerMode.MULTI_MODEL` only in a one-container model: multi-model hosting is one container serving many
 *   models (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html); multi-container models with a
 *   multi-model container are not documented (UNCONFIRMED: rejected, safe choice);
 * - `multiModelCache` only with `ContainerMode.MULTI_MODEL` (`MultiModelConfig` configures multi-model hosting,
 *   https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MultiModelConfig.html).
 */
export function validateContainerSources(scope: IConstruct, containers: ContainerDefinition[]): void {
  containers.forEach((c, i) => {
    const prop = `containers[${i}]`;
    if (!c.image && !c.modelPackage) {
      fail(scope, `${prop} must set one of image and modelPackage (CreateModel needs the inference image, given directly or by a model package), got neither`);
    }
    if (c.image && c.modelPackage) {
      fail(scope, `${prop} must set only one of image and modelPackage (a model package brings its own image), got both`);
    }
    if (c.modelPackage && c.modelData) {
      fail(scope, `${prop}.modelData must not be used with modelPackage (the model package version carries its own model artifacts), got both`);
    }
    const multiModel = c.mode === ContainerMode.MULTI_MODEL;
    if (multiModel && c.modelPackage) {
      fail(scope, `${prop}.mode MULTI_MODEL must not be used with modelPackage (a multi-model container loads its models from an S3 prefix in modelData), got a model package`);
    }
    if (multiModel && containers.length > 1) {
      fail(scope, `${prop}.mode MULTI_MODEL must be used in a model with exactly 1 container (a multi-model endpoint is one container serving many models), got ${containers.length} containers`);
    }
    if (c.multiModelCache !== undefined && !multiModel) {
      fail(scope, `${prop}.multiModelCache must be used with mode MULTI_MODEL (MultiModelConfig applies to multi-model containers only), got multiModelCache ${c.multiModelCache} with mode ${c.mode === undefined ? 'SINGLE_MODEL (default)' : 'SINGLE_MODEL'}`);
    }
  });
}

/**
 * A multi-model container loads `.tar.gz` models from an S3 prefix given as `ModelDataUrl`
 * (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html); `ModelDataSource` (uncompressed
 * data) cannot be used with multi-model endpoints
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html, `ModelDataSource`).
 */
export function validateMultiModelData(scope: IConstruct, index: number, data: ModelDataConfig | undefined): void {
  const prop = `containers[${index}].modelData`;
  if (!data) {
    fail(scope, `${prop} must be an S3 prefix ending in / with mode MULTI_MODEL (a multi-model container loads its .tar.gz models from that prefix; use ModelData.fromBucketPrefix), got none`);
  }
  // a key that is a token is a prefix only when given to ModelData.fromBucketPrefix
  if (!data.isPrefix) {
    fail(scope, `${prop} must be an S3 prefix ending in / with mode MULTI_MODEL (a multi-model container loads .tar.gz models from ModelDataUrl; ModelDataSource and uncompressed model data are not supported for multi-model endpoints), got ${show(data.uri)}`);
  }
}
