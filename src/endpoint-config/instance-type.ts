import { Token } from 'aws-cdk-lib';
import { KNOWN_INSTANCE_TYPES } from './known-instance-types';

/**
 * Instance families whose instances come with local NVMe instance storage. SageMaker encrypts that
 * storage with a hardware module and rejects a `KmsKeyId` on an endpoint config that uses them
 * (docs/failure-modes.md row 19). Derived from the SageMaker "instance storage volumes" table and the EC2
 * instance-store list; newer families are listed from their EC2 counterparts (UNCONFIRMED for
 * SageMaker, the safe side is to reject the KMS key).
 */
const LOCAL_NVME_FAMILIES: ReadonlySet<string> = new Set([
  'c5d', 'c6gd', 'dl1', 'g4dn', 'g5', 'g6', 'g6e', 'g7e', 'm5d', 'm6gd', 'p3dn', 'p4d', 'p4de',
  'p5', 'p5e', 'p5en', 'p6-b200', 'p6-b300', 'p6e-gb200', 'r5d', 'r6gd', 'r7gd', 'trn1', 'trn1n', 'trn2',
]);

/**
 * A SageMaker hosting instance type (the `ProductionVariantInstanceType` enum of the SageMaker API).
 *
 * An enum-like class: use a constant such as `InstanceType.ML_M5_LARGE`, or `InstanceType.of('ml.x.y')`
 * for a type newer than this library. The constants are generated from the SageMaker API model.
 */
export class InstanceType {
  /** ml.t2.medium */
  public static readonly ML_T2_MEDIUM = InstanceType.of('ml.t2.medium');

  /** ml.t2.large */
  public static readonly ML_T2_LARGE = InstanceType.of('ml.t2.large');

  /** ml.t2.xlarge */
  public static readonly ML_T2_XLARGE = InstanceType.of('ml.t2.xlarge');

  /** ml.t2.2xlarge */
  public static readonly ML_T2_2XLARGE = InstanceType.of('ml.t2.2xlarge');

  /** ml.m4.xlarge */
  public static readonly ML_M4_XLARGE = InstanceType.of('ml.m4.xlarge');

  /** ml.m4.2xlarge */
  public static readonly ML_M4_2XLARGE = InstanceType.of('ml.m4.2xlarge');

  /** ml.m4.4xlarge */
  public static readonly ML_M4_4XLARGE = InstanceType.of('ml.m4.4xlarge');

  /** ml.m4.10xlarge */
  public static readonly ML_M4_10XLARGE = InstanceType.of('ml.m4.10xlarge');

  /** ml.m4.16xlarge */
  public static readonly ML_M4_16XLARGE = InstanceType.of('ml.m4.16xlarge');

  /** ml.m5.large */
  public static readonly ML_M5_LARGE = InstanceType.of('ml.m5.large');

  /** ml.m5.xlarge */
  public static readonly ML_M5_XLARGE = InstanceType.of('ml.m5.xlarge');

  /** ml.m5.2xlarge */
  public static readonly ML_M5_2XLARGE = InstanceType.of('ml.m5.2xlarge');

  /** ml.m5.4xlarge */
  public static readonly ML_M5_4XLARGE = InstanceType.of('ml.m5.4xlarge');

  /** ml.m5.12xlarge */
  public static readonly ML_M5_12XLARGE = InstanceType.of('ml.m5.12xlarge');

  /** ml.m5.24xlarge */
  public static readonly ML_M5_24XLARGE = InstanceType.of('ml.m5.24xlarge');

  /** ml.m5d.large */
  public static readonly ML_M5D_LARGE = InstanceType.of('ml.m5d.large');

  /** ml.m5d.xlarge */
  public static readonly ML_M5D_XLARGE = InstanceType.of('ml.m5d.xlarge');

  /** ml.m5d.2xlarge */
  public static readonly ML_M5D_2XLARGE = InstanceType.of('ml.m5d.2xlarge');

  /** ml.m5d.4xlarge */
  public static readonly ML_M5D_4XLARGE = InstanceType.of('ml.m5d.4xlarge');

  /** ml.m5d.12xlarge */
  public static readonly ML_M5D_12XLARGE = InstanceType.of('ml.m5d.12xlarge');

  /** ml.m5d.24xlarge */
  public static readonly ML_M5D_24XLARGE = InstanceType.of('ml.m5d.24xlarge');

  /** ml.c4.large */
  public static readonly ML_C4_LARGE = InstanceType.of('ml.c4.large');

  /** ml.c4.xlarge */
  public static readonly ML_C4_XLARGE = InstanceType.of('ml.c4.xlarge');

  /** ml.c4.2xlarge */
  public static readonly ML_C4_2XLARGE = InstanceType.of('ml.c4.2xlarge');

  /** ml.c4.4xlarge */
  public static readonly ML_C4_4XLARGE = InstanceType.of('ml.c4.4xlarge');

  /** ml.c4.8xlarge */
  public static readonly ML_C4_8XLARGE = InstanceType.of('ml.c4.8xlarge');

  /** ml.p2.xlarge */
  public static readonly ML_P2_XLARGE = InstanceType.of('ml.p2.xlarge');

  /** ml.p2.8xlarge */
  public static readonly ML_P2_8XLARGE = InstanceType.of('ml.p2.8xlarge');

  /** ml.p2.16xlarge */
  public static readonly ML_P2_16XLARGE = InstanceType.of('ml.p2.16xlarge');

  /** ml.p3.2xlarge */
  public static readonly ML_P3_2XLARGE = InstanceType.of('ml.p3.2xlarge');

  /** ml.p3.8xlarge */
  public static readonly ML_P3_8XLARGE = InstanceType.of('ml.p3.8xlarge');

  /** ml.p3.16xlarge */
  public static readonly ML_P3_16XLARGE = InstanceType.of('ml.p3.16xlarge');

  /** ml.c5.large */
  public static readonly ML_C5_LARGE = InstanceType.of('ml.c5.large');

  /** ml.c5.xlarge */
  public static readonly ML_C5_XLARGE = InstanceType.of('ml.c5.xlarge');

  /** ml.c5.2xlarge */
  public static readonly ML_C5_2XLARGE = InstanceType.of('ml.c5.2xlarge');

  /** ml.c5.4xlarge */
  public static readonly ML_C5_4XLARGE = InstanceType.of('ml.c5.4xlarge');

  /** ml.c5.9xlarge */
  public static readonly ML_C5_9XLARGE = InstanceType.of('ml.c5.9xlarge');

  /** ml.c5.18xlarge */
  public static readonly ML_C5_18XLARGE = InstanceType.of('ml.c5.18xlarge');

  /** ml.c5d.large */
  public static readonly ML_C5D_LARGE = InstanceType.of('ml.c5d.large');

  /** ml.c5d.xlarge */
  public static readonly ML_C5D_XLARGE = InstanceType.of('ml.c5d.xlarge');

  /** ml.c5d.2xlarge */
  public static readonly ML_C5D_2XLARGE = InstanceType.of('ml.c5d.2xlarge');

  /** ml.c5d.4xlarge */
  public static readonly ML_C5D_4XLARGE = InstanceType.of('ml.c5d.4xlarge');

  /** ml.c5d.9xlarge */
  public static readonly ML_C5D_9XLARGE = InstanceType.of('ml.c5d.9xlarge');

  /** ml.c5d.18xlarge */
  public static readonly ML_C5D_18XLARGE = InstanceType.of('ml.c5d.18xlarge');

  /** ml.g4dn.xlarge */
  public static readonly ML_G4DN_XLARGE = InstanceType.of('ml.g4dn.xlarge');

  /** ml.g4dn.2xlarge */
  public static readonly ML_G4DN_2XLARGE = InstanceType.of('ml.g4dn.2xlarge');

  /** ml.g4dn.4xlarge */
  public static readonly ML_G4DN_4XLARGE = InstanceType.of('ml.g4dn.4xlarge');

  /** ml.g4dn.8xlarge */
  public static readonly ML_G4DN_8XLARGE = InstanceType.of('ml.g4dn.8xlarge');

  /** ml.g4dn.12xlarge */
  public static readonly ML_G4DN_12XLARGE = InstanceType.of('ml.g4dn.12xlarge');

  /** ml.g4dn.16xlarge */
  public static readonly ML_G4DN_16XLARGE = InstanceType.of('ml.g4dn.16xlarge');

  /** ml.r5.large */
  public static readonly ML_R5_LARGE = InstanceType.of('ml.r5.large');

  /** ml.r5.xlarge */
  public static readonly ML_R5_XLARGE = InstanceType.of('ml.r5.xlarge');

  /** ml.r5.2xlarge */
  public static readonly ML_R5_2XLARGE = InstanceType.of('ml.r5.2xlarge');

  /** ml.r5.4xlarge */
  public static readonly ML_R5_4XLARGE = InstanceType.of('ml.r5.4xlarge');

  /** ml.r5.12xlarge */
  public static readonly ML_R5_12XLARGE = InstanceType.of('ml.r5.12xlarge');

  /** ml.r5.24xlarge */
  public static readonly ML_R5_24XLARGE = InstanceType.of('ml.r5.24xlarge');

  /** ml.r5d.large */
  public static readonly ML_R5D_LARGE = InstanceType.of('ml.r5d.large');

  /** ml.r5d.xlarge */
  public static readonly ML_R5D_XLARGE = InstanceType.of('ml.r5d.xlarge');

  /** ml.r5d.2xlarge */
  public static readonly ML_R5D_2XLARGE = InstanceType.of('ml.r5d.2xlarge');

  /** ml.r5d.4xlarge */
  public static readonly ML_R5D_4XLARGE = InstanceType.of('ml.r5d.4xlarge');

  /** ml.r5d.12xlarge */
  public static readonly ML_R5D_12XLARGE = InstanceType.of('ml.r5d.12xlarge');

  /** ml.r5d.24xlarge */
  public static readonly ML_R5D_24XLARGE = InstanceType.of('ml.r5d.24xlarge');

  /** ml.inf1.xlarge */
  public static readonly ML_INF1_XLARGE = InstanceType.of('ml.inf1.xlarge');

  /** ml.inf1.2xlarge */
  public static readonly ML_INF1_2XLARGE = InstanceType.of('ml.inf1.2xlarge');

  /** ml.inf1.6xlarge */
  public static readonly ML_INF1_6XLARGE = InstanceType.of('ml.inf1.6xlarge');

  /** ml.inf1.24xlarge */
  public static readonly ML_INF1_24XLARGE = InstanceType.of('ml.inf1.24xlarge');

  /** ml.dl1.24xlarge */
  public static readonly ML_DL1_24XLARGE = InstanceType.of('ml.dl1.24xlarge');

  /** ml.c6i.large */
  public static readonly ML_C6I_LARGE = InstanceType.of('ml.c6i.large');

  /** ml.c6i.xlarge */
  public static readonly ML_C6I_XLARGE = InstanceType.of('ml.c6i.xlarge');

  /** ml.c6i.2xlarge */
  public static readonly ML_C6I_2XLARGE = InstanceType.of('ml.c6i.2xlarge');

  /** ml.c6i.4xlarge */
  public static readonly ML_C6I_4XLARGE = InstanceType.of('ml.c6i.4xlarge');

  /** ml.c6i.8xlarge */
  public static readonly ML_C6I_8XLARGE = InstanceType.of('ml.c6i.8xlarge');

  /** ml.c6i.12xlarge */
  public static readonly ML_C6I_12XLARGE = InstanceType.of('ml.c6i.12xlarge');

  /** ml.c6i.16xlarge */
  public static readonly ML_C6I_16XLARGE = InstanceType.of('ml.c6i.16xlarge');

  /** ml.c6i.24xlarge */
  public static readonly ML_C6I_24XLARGE = InstanceType.of('ml.c6i.24xlarge');

  /** ml.c6i.32xlarge */
  public static readonly ML_C6I_32XLARGE = InstanceType.of('ml.c6i.32xlarge');

  /** ml.m6i.large */
  public static readonly ML_M6I_LARGE = InstanceType.of('ml.m6i.large');

  /** ml.m6i.xlarge */
  public static readonly ML_M6I_XLARGE = InstanceType.of('ml.m6i.xlarge');

  /** ml.m6i.2xlarge */
  public static readonly ML_M6I_2XLARGE = InstanceType.of('ml.m6i.2xlarge');

  /** ml.m6i.4xlarge */
  public static readonly ML_M6I_4XLARGE = InstanceType.of('ml.m6i.4xlarge');

  /** ml.m6i.8xlarge */
  public static readonly ML_M6I_8XLARGE = InstanceType.of('ml.m6i.8xlarge');

  /** ml.m6i.12xlarge */
  public static readonly ML_M6I_12XLARGE = InstanceType.of('ml.m6i.12xlarge');

  /** ml.m6i.16xlarge */
  public static readonly ML_M6I_16XLARGE = InstanceType.of('ml.m6i.16xlarge');

  /** ml.m6i.24xlarge */
  public static readonly ML_M6I_24XLARGE = InstanceType.of('ml.m6i.24xlarge');

  /** ml.m6i.32xlarge */
  public static readonly ML_M6I_32XLARGE = InstanceType.of('ml.m6i.32xlarge');

  /** ml.r6i.large */
  public static readonly ML_R6I_LARGE = InstanceType.of('ml.r6i.large');

  /** ml.r6i.xlarge */
  public static readonly ML_R6I_XLARGE = InstanceType.of('ml.r6i.xlarge');

  /** ml.r6i.2xlarge */
  public static readonly ML_R6I_2XLARGE = InstanceType.of('ml.r6i.2xlarge');

  /** ml.r6i.4xlarge */
  public static readonly ML_R6I_4XLARGE = InstanceType.of('ml.r6i.4xlarge');

  /** ml.r6i.8xlarge */
  public static readonly ML_R6I_8XLARGE = InstanceType.of('ml.r6i.8xlarge');

  /** ml.r6i.12xlarge */
  public static readonly ML_R6I_12XLARGE = InstanceType.of('ml.r6i.12xlarge');

  /** ml.r6i.16xlarge */
  public static readonly ML_R6I_16XLARGE = InstanceType.of('ml.r6i.16xlarge');

  /** ml.r6i.24xlarge */
  public static readonly ML_R6I_24XLARGE = InstanceType.of('ml.r6i.24xlarge');

  /** ml.r6i.32xlarge */
  public static readonly ML_R6I_32XLARGE = InstanceType.of('ml.r6i.32xlarge');

  /** ml.g5.xlarge */
  public static readonly ML_G5_XLARGE = InstanceType.of('ml.g5.xlarge');

  /** ml.g5.2xlarge */
  public static readonly ML_G5_2XLARGE = InstanceType.of('ml.g5.2xlarge');

  /** ml.g5.4xlarge */
  public static readonly ML_G5_4XLARGE = InstanceType.of('ml.g5.4xlarge');

  /** ml.g5.8xlarge */
  public static readonly ML_G5_8XLARGE = InstanceType.of('ml.g5.8xlarge');

  /** ml.g5.12xlarge */
  public static readonly ML_G5_12XLARGE = InstanceType.of('ml.g5.12xlarge');

  /** ml.g5.16xlarge */
  public static readonly ML_G5_16XLARGE = InstanceType.of('ml.g5.16xlarge');

  /** ml.g5.24xlarge */
  public static readonly ML_G5_24XLARGE = InstanceType.of('ml.g5.24xlarge');

  /** ml.g5.48xlarge */
  public static readonly ML_G5_48XLARGE = InstanceType.of('ml.g5.48xlarge');

  /** ml.g6.xlarge */
  public static readonly ML_G6_XLARGE = InstanceType.of('ml.g6.xlarge');

  /** ml.g6.2xlarge */
  public static readonly ML_G6_2XLARGE = InstanceType.of('ml.g6.2xlarge');

  /** ml.g6.4xlarge */
  public static readonly ML_G6_4XLARGE = InstanceType.of('ml.g6.4xlarge');

  /** ml.g6.8xlarge */
  public static readonly ML_G6_8XLARGE = InstanceType.of('ml.g6.8xlarge');

  /** ml.g6.12xlarge */
  public static readonly ML_G6_12XLARGE = InstanceType.of('ml.g6.12xlarge');

  /** ml.g6.16xlarge */
  public static readonly ML_G6_16XLARGE = InstanceType.of('ml.g6.16xlarge');

  /** ml.g6.24xlarge */
  public static readonly ML_G6_24XLARGE = InstanceType.of('ml.g6.24xlarge');

  /** ml.g6.48xlarge */
  public static readonly ML_G6_48XLARGE = InstanceType.of('ml.g6.48xlarge');

  /** ml.r8g.medium */
  public static readonly ML_R8G_MEDIUM = InstanceType.of('ml.r8g.medium');

  /** ml.r8g.large */
  public static readonly ML_R8G_LARGE = InstanceType.of('ml.r8g.large');

  /** ml.r8g.xlarge */
  public static readonly ML_R8G_XLARGE = InstanceType.of('ml.r8g.xlarge');

  /** ml.r8g.2xlarge */
  public static readonly ML_R8G_2XLARGE = InstanceType.of('ml.r8g.2xlarge');

  /** ml.r8g.4xlarge */
  public static readonly ML_R8G_4XLARGE = InstanceType.of('ml.r8g.4xlarge');

  /** ml.r8g.8xlarge */
  public static readonly ML_R8G_8XLARGE = InstanceType.of('ml.r8g.8xlarge');

  /** ml.r8g.12xlarge */
  public static readonly ML_R8G_12XLARGE = InstanceType.of('ml.r8g.12xlarge');

  /** ml.r8g.16xlarge */
  public static readonly ML_R8G_16XLARGE = InstanceType.of('ml.r8g.16xlarge');

  /** ml.r8g.24xlarge */
  public static readonly ML_R8G_24XLARGE = InstanceType.of('ml.r8g.24xlarge');

  /** ml.r8g.48xlarge */
  public static readonly ML_R8G_48XLARGE = InstanceType.of('ml.r8g.48xlarge');

  /** ml.g6e.xlarge */
  public static readonly ML_G6E_XLARGE = InstanceType.of('ml.g6e.xlarge');

  /** ml.g6e.2xlarge */
  public static readonly ML_G6E_2XLARGE = InstanceType.of('ml.g6e.2xlarge');

  /** ml.g6e.4xlarge */
  public static readonly ML_G6E_4XLARGE = InstanceType.of('ml.g6e.4xlarge');

  /** ml.g6e.8xlarge */
  public static readonly ML_G6E_8XLARGE = InstanceType.of('ml.g6e.8xlarge');

  /** ml.g6e.12xlarge */
  public static readonly ML_G6E_12XLARGE = InstanceType.of('ml.g6e.12xlarge');

  /** ml.g6e.16xlarge */
  public static readonly ML_G6E_16XLARGE = InstanceType.of('ml.g6e.16xlarge');

  /** ml.g6e.24xlarge */
  public static readonly ML_G6E_24XLARGE = InstanceType.of('ml.g6e.24xlarge');

  /** ml.g6e.48xlarge */
  public static readonly ML_G6E_48XLARGE = InstanceType.of('ml.g6e.48xlarge');

  /** ml.g7e.2xlarge */
  public static readonly ML_G7E_2XLARGE = InstanceType.of('ml.g7e.2xlarge');

  /** ml.g7e.4xlarge */
  public static readonly ML_G7E_4XLARGE = InstanceType.of('ml.g7e.4xlarge');

  /** ml.g7e.8xlarge */
  public static readonly ML_G7E_8XLARGE = InstanceType.of('ml.g7e.8xlarge');

  /** ml.g7e.12xlarge */
  public static readonly ML_G7E_12XLARGE = InstanceType.of('ml.g7e.12xlarge');

  /** ml.g7e.24xlarge */
  public static readonly ML_G7E_24XLARGE = InstanceType.of('ml.g7e.24xlarge');

  /** ml.g7e.48xlarge */
  public static readonly ML_G7E_48XLARGE = InstanceType.of('ml.g7e.48xlarge');

  /** ml.p4d.24xlarge */
  public static readonly ML_P4D_24XLARGE = InstanceType.of('ml.p4d.24xlarge');

  /** ml.c7g.large */
  public static readonly ML_C7G_LARGE = InstanceType.of('ml.c7g.large');

  /** ml.c7g.xlarge */
  public static readonly ML_C7G_XLARGE = InstanceType.of('ml.c7g.xlarge');

  /** ml.c7g.2xlarge */
  public static readonly ML_C7G_2XLARGE = InstanceType.of('ml.c7g.2xlarge');

  /** ml.c7g.4xlarge */
  public static readonly ML_C7G_4XLARGE = InstanceType.of('ml.c7g.4xlarge');

  /** ml.c7g.8xlarge */
  public static readonly ML_C7G_8XLARGE = InstanceType.of('ml.c7g.8xlarge');

  /** ml.c7g.12xlarge */
  public static readonly ML_C7G_12XLARGE = InstanceType.of('ml.c7g.12xlarge');

  /** ml.c7g.16xlarge */
  public static readonly ML_C7G_16XLARGE = InstanceType.of('ml.c7g.16xlarge');

  /** ml.m6g.large */
  public static readonly ML_M6G_LARGE = InstanceType.of('ml.m6g.large');

  /** ml.m6g.xlarge */
  public static readonly ML_M6G_XLARGE = InstanceType.of('ml.m6g.xlarge');

  /** ml.m6g.2xlarge */
  public static readonly ML_M6G_2XLARGE = InstanceType.of('ml.m6g.2xlarge');

  /** ml.m6g.4xlarge */
  public static readonly ML_M6G_4XLARGE = InstanceType.of('ml.m6g.4xlarge');

  /** ml.m6g.8xlarge */
  public static readonly ML_M6G_8XLARGE = InstanceType.of('ml.m6g.8xlarge');

  /** ml.m6g.12xlarge */
  public static readonly ML_M6G_12XLARGE = InstanceType.of('ml.m6g.12xlarge');

  /** ml.m6g.16xlarge */
  public static readonly ML_M6G_16XLARGE = InstanceType.of('ml.m6g.16xlarge');

  /** ml.m6gd.large */
  public static readonly ML_M6GD_LARGE = InstanceType.of('ml.m6gd.large');

  /** ml.m6gd.xlarge */
  public static readonly ML_M6GD_XLARGE = InstanceType.of('ml.m6gd.xlarge');

  /** ml.m6gd.2xlarge */
  public static readonly ML_M6GD_2XLARGE = InstanceType.of('ml.m6gd.2xlarge');

  /** ml.m6gd.4xlarge */
  public static readonly ML_M6GD_4XLARGE = InstanceType.of('ml.m6gd.4xlarge');

  /** ml.m6gd.8xlarge */
  public static readonly ML_M6GD_8XLARGE = InstanceType.of('ml.m6gd.8xlarge');

  /** ml.m6gd.12xlarge */
  public static readonly ML_M6GD_12XLARGE = InstanceType.of('ml.m6gd.12xlarge');

  /** ml.m6gd.16xlarge */
  public static readonly ML_M6GD_16XLARGE = InstanceType.of('ml.m6gd.16xlarge');

  /** ml.c6g.large */
  public static readonly ML_C6G_LARGE = InstanceType.of('ml.c6g.large');

  /** ml.c6g.xlarge */
  public static readonly ML_C6G_XLARGE = InstanceType.of('ml.c6g.xlarge');

  /** ml.c6g.2xlarge */
  public static readonly ML_C6G_2XLARGE = InstanceType.of('ml.c6g.2xlarge');

  /** ml.c6g.4xlarge */
  public static readonly ML_C6G_4XLARGE = InstanceType.of('ml.c6g.4xlarge');

  /** ml.c6g.8xlarge */
  public static readonly ML_C6G_8XLARGE = InstanceType.of('ml.c6g.8xlarge');

  /** ml.c6g.12xlarge */
  public static readonly ML_C6G_12XLARGE = InstanceType.of('ml.c6g.12xlarge');

  /** ml.c6g.16xlarge */
  public static readonly ML_C6G_16XLARGE = InstanceType.of('ml.c6g.16xlarge');

  /** ml.c6gd.large */
  public static readonly ML_C6GD_LARGE = InstanceType.of('ml.c6gd.large');

  /** ml.c6gd.xlarge */
  public static readonly ML_C6GD_XLARGE = InstanceType.of('ml.c6gd.xlarge');

  /** ml.c6gd.2xlarge */
  public static readonly ML_C6GD_2XLARGE = InstanceType.of('ml.c6gd.2xlarge');

  /** ml.c6gd.4xlarge */
  public static readonly ML_C6GD_4XLARGE = InstanceType.of('ml.c6gd.4xlarge');

  /** ml.c6gd.8xlarge */
  public static readonly ML_C6GD_8XLARGE = InstanceType.of('ml.c6gd.8xlarge');

  /** ml.c6gd.12xlarge */
  public static readonly ML_C6GD_12XLARGE = InstanceType.of('ml.c6gd.12xlarge');

  /** ml.c6gd.16xlarge */
  public static readonly ML_C6GD_16XLARGE = InstanceType.of('ml.c6gd.16xlarge');

  /** ml.c6gn.large */
  public static readonly ML_C6GN_LARGE = InstanceType.of('ml.c6gn.large');

  /** ml.c6gn.xlarge */
  public static readonly ML_C6GN_XLARGE = InstanceType.of('ml.c6gn.xlarge');

  /** ml.c6gn.2xlarge */
  public static readonly ML_C6GN_2XLARGE = InstanceType.of('ml.c6gn.2xlarge');

  /** ml.c6gn.4xlarge */
  public static readonly ML_C6GN_4XLARGE = InstanceType.of('ml.c6gn.4xlarge');

  /** ml.c6gn.8xlarge */
  public static readonly ML_C6GN_8XLARGE = InstanceType.of('ml.c6gn.8xlarge');

  /** ml.c6gn.12xlarge */
  public static readonly ML_C6GN_12XLARGE = InstanceType.of('ml.c6gn.12xlarge');

  /** ml.c6gn.16xlarge */
  public static readonly ML_C6GN_16XLARGE = InstanceType.of('ml.c6gn.16xlarge');

  /** ml.r6g.large */
  public static readonly ML_R6G_LARGE = InstanceType.of('ml.r6g.large');

  /** ml.r6g.xlarge */
  public static readonly ML_R6G_XLARGE = InstanceType.of('ml.r6g.xlarge');

  /** ml.r6g.2xlarge */
  public static readonly ML_R6G_2XLARGE = InstanceType.of('ml.r6g.2xlarge');

  /** ml.r6g.4xlarge */
  public static readonly ML_R6G_4XLARGE = InstanceType.of('ml.r6g.4xlarge');

  /** ml.r6g.8xlarge */
  public static readonly ML_R6G_8XLARGE = InstanceType.of('ml.r6g.8xlarge');

  /** ml.r6g.12xlarge */
  public static readonly ML_R6G_12XLARGE = InstanceType.of('ml.r6g.12xlarge');

  /** ml.r6g.16xlarge */
  public static readonly ML_R6G_16XLARGE = InstanceType.of('ml.r6g.16xlarge');

  /** ml.r6gd.large */
  public static readonly ML_R6GD_LARGE = InstanceType.of('ml.r6gd.large');

  /** ml.r6gd.xlarge */
  public static readonly ML_R6GD_XLARGE = InstanceType.of('ml.r6gd.xlarge');

  /** ml.r6gd.2xlarge */
  public static readonly ML_R6GD_2XLARGE = InstanceType.of('ml.r6gd.2xlarge');

  /** ml.r6gd.4xlarge */
  public static readonly ML_R6GD_4XLARGE = InstanceType.of('ml.r6gd.4xlarge');

  /** ml.r6gd.8xlarge */
  public static readonly ML_R6GD_8XLARGE = InstanceType.of('ml.r6gd.8xlarge');

  /** ml.r6gd.12xlarge */
  public static readonly ML_R6GD_12XLARGE = InstanceType.of('ml.r6gd.12xlarge');

  /** ml.r6gd.16xlarge */
  public static readonly ML_R6GD_16XLARGE = InstanceType.of('ml.r6gd.16xlarge');

  /** ml.p4de.24xlarge */
  public static readonly ML_P4DE_24XLARGE = InstanceType.of('ml.p4de.24xlarge');

  /** ml.trn1.2xlarge */
  public static readonly ML_TRN1_2XLARGE = InstanceType.of('ml.trn1.2xlarge');

  /** ml.trn1.32xlarge */
  public static readonly ML_TRN1_32XLARGE = InstanceType.of('ml.trn1.32xlarge');

  /** ml.trn1n.32xlarge */
  public static readonly ML_TRN1N_32XLARGE = InstanceType.of('ml.trn1n.32xlarge');

  /** ml.trn2.48xlarge */
  public static readonly ML_TRN2_48XLARGE = InstanceType.of('ml.trn2.48xlarge');

  /** ml.inf2.xlarge */
  public static readonly ML_INF2_XLARGE = InstanceType.of('ml.inf2.xlarge');

  /** ml.inf2.8xlarge */
  public static readonly ML_INF2_8XLARGE = InstanceType.of('ml.inf2.8xlarge');

  /** ml.inf2.24xlarge */
  public static readonly ML_INF2_24XLARGE = InstanceType.of('ml.inf2.24xlarge');

  /** ml.inf2.48xlarge */
  public static readonly ML_INF2_48XLARGE = InstanceType.of('ml.inf2.48xlarge');

  /** ml.p5.48xlarge */
  public static readonly ML_P5_48XLARGE = InstanceType.of('ml.p5.48xlarge');

  /** ml.p5e.48xlarge */
  public static readonly ML_P5E_48XLARGE = InstanceType.of('ml.p5e.48xlarge');

  /** ml.p5en.48xlarge */
  public static readonly ML_P5EN_48XLARGE = InstanceType.of('ml.p5en.48xlarge');

  /** ml.m7i.large */
  public static readonly ML_M7I_LARGE = InstanceType.of('ml.m7i.large');

  /** ml.m7i.xlarge */
  public static readonly ML_M7I_XLARGE = InstanceType.of('ml.m7i.xlarge');

  /** ml.m7i.2xlarge */
  public static readonly ML_M7I_2XLARGE = InstanceType.of('ml.m7i.2xlarge');

  /** ml.m7i.4xlarge */
  public static readonly ML_M7I_4XLARGE = InstanceType.of('ml.m7i.4xlarge');

  /** ml.m7i.8xlarge */
  public static readonly ML_M7I_8XLARGE = InstanceType.of('ml.m7i.8xlarge');

  /** ml.m7i.12xlarge */
  public static readonly ML_M7I_12XLARGE = InstanceType.of('ml.m7i.12xlarge');

  /** ml.m7i.16xlarge */
  public static readonly ML_M7I_16XLARGE = InstanceType.of('ml.m7i.16xlarge');

  /** ml.m7i.24xlarge */
  public static readonly ML_M7I_24XLARGE = InstanceType.of('ml.m7i.24xlarge');

  /** ml.m7i.48xlarge */
  public static readonly ML_M7I_48XLARGE = InstanceType.of('ml.m7i.48xlarge');

  /** ml.c7i.large */
  public static readonly ML_C7I_LARGE = InstanceType.of('ml.c7i.large');

  /** ml.c7i.xlarge */
  public static readonly ML_C7I_XLARGE = InstanceType.of('ml.c7i.xlarge');

  /** ml.c7i.2xlarge */
  public static readonly ML_C7I_2XLARGE = InstanceType.of('ml.c7i.2xlarge');

  /** ml.c7i.4xlarge */
  public static readonly ML_C7I_4XLARGE = InstanceType.of('ml.c7i.4xlarge');

  /** ml.c7i.8xlarge */
  public static readonly ML_C7I_8XLARGE = InstanceType.of('ml.c7i.8xlarge');

  /** ml.c7i.12xlarge */
  public static readonly ML_C7I_12XLARGE = InstanceType.of('ml.c7i.12xlarge');

  /** ml.c7i.16xlarge */
  public static readonly ML_C7I_16XLARGE = InstanceType.of('ml.c7i.16xlarge');

  /** ml.c7i.24xlarge */
  public static readonly ML_C7I_24XLARGE = InstanceType.of('ml.c7i.24xlarge');

  /** ml.c7i.48xlarge */
  public static readonly ML_C7I_48XLARGE = InstanceType.of('ml.c7i.48xlarge');

  /** ml.r7i.large */
  public static readonly ML_R7I_LARGE = InstanceType.of('ml.r7i.large');

  /** ml.r7i.xlarge */
  public static readonly ML_R7I_XLARGE = InstanceType.of('ml.r7i.xlarge');

  /** ml.r7i.2xlarge */
  public static readonly ML_R7I_2XLARGE = InstanceType.of('ml.r7i.2xlarge');

  /** ml.r7i.4xlarge */
  public static readonly ML_R7I_4XLARGE = InstanceType.of('ml.r7i.4xlarge');

  /** ml.r7i.8xlarge */
  public static readonly ML_R7I_8XLARGE = InstanceType.of('ml.r7i.8xlarge');

  /** ml.r7i.12xlarge */
  public static readonly ML_R7I_12XLARGE = InstanceType.of('ml.r7i.12xlarge');

  /** ml.r7i.16xlarge */
  public static readonly ML_R7I_16XLARGE = InstanceType.of('ml.r7i.16xlarge');

  /** ml.r7i.24xlarge */
  public static readonly ML_R7I_24XLARGE = InstanceType.of('ml.r7i.24xlarge');

  /** ml.r7i.48xlarge */
  public static readonly ML_R7I_48XLARGE = InstanceType.of('ml.r7i.48xlarge');

  /** ml.c8g.medium */
  public static readonly ML_C8G_MEDIUM = InstanceType.of('ml.c8g.medium');

  /** ml.c8g.large */
  public static readonly ML_C8G_LARGE = InstanceType.of('ml.c8g.large');

  /** ml.c8g.xlarge */
  public static readonly ML_C8G_XLARGE = InstanceType.of('ml.c8g.xlarge');

  /** ml.c8g.2xlarge */
  public static readonly ML_C8G_2XLARGE = InstanceType.of('ml.c8g.2xlarge');

  /** ml.c8g.4xlarge */
  public static readonly ML_C8G_4XLARGE = InstanceType.of('ml.c8g.4xlarge');

  /** ml.c8g.8xlarge */
  public static readonly ML_C8G_8XLARGE = InstanceType.of('ml.c8g.8xlarge');

  /** ml.c8g.12xlarge */
  public static readonly ML_C8G_12XLARGE = InstanceType.of('ml.c8g.12xlarge');

  /** ml.c8g.16xlarge */
  public static readonly ML_C8G_16XLARGE = InstanceType.of('ml.c8g.16xlarge');

  /** ml.c8g.24xlarge */
  public static readonly ML_C8G_24XLARGE = InstanceType.of('ml.c8g.24xlarge');

  /** ml.c8g.48xlarge */
  public static readonly ML_C8G_48XLARGE = InstanceType.of('ml.c8g.48xlarge');

  /** ml.r7gd.medium */
  public static readonly ML_R7GD_MEDIUM = InstanceType.of('ml.r7gd.medium');

  /** ml.r7gd.large */
  public static readonly ML_R7GD_LARGE = InstanceType.of('ml.r7gd.large');

  /** ml.r7gd.xlarge */
  public static readonly ML_R7GD_XLARGE = InstanceType.of('ml.r7gd.xlarge');

  /** ml.r7gd.2xlarge */
  public static readonly ML_R7GD_2XLARGE = InstanceType.of('ml.r7gd.2xlarge');

  /** ml.r7gd.4xlarge */
  public static readonly ML_R7GD_4XLARGE = InstanceType.of('ml.r7gd.4xlarge');

  /** ml.r7gd.8xlarge */
  public static readonly ML_R7GD_8XLARGE = InstanceType.of('ml.r7gd.8xlarge');

  /** ml.r7gd.12xlarge */
  public static readonly ML_R7GD_12XLARGE = InstanceType.of('ml.r7gd.12xlarge');

  /** ml.r7gd.16xlarge */
  public static readonly ML_R7GD_16XLARGE = InstanceType.of('ml.r7gd.16xlarge');

  /** ml.m8g.medium */
  public static readonly ML_M8G_MEDIUM = InstanceType.of('ml.m8g.medium');

  /** ml.m8g.large */
  public static readonly ML_M8G_LARGE = InstanceType.of('ml.m8g.large');

  /** ml.m8g.xlarge */
  public static readonly ML_M8G_XLARGE = InstanceType.of('ml.m8g.xlarge');

  /** ml.m8g.2xlarge */
  public static readonly ML_M8G_2XLARGE = InstanceType.of('ml.m8g.2xlarge');

  /** ml.m8g.4xlarge */
  public static readonly ML_M8G_4XLARGE = InstanceType.of('ml.m8g.4xlarge');

  /** ml.m8g.8xlarge */
  public static readonly ML_M8G_8XLARGE = InstanceType.of('ml.m8g.8xlarge');

  /** ml.m8g.12xlarge */
  public static readonly ML_M8G_12XLARGE = InstanceType.of('ml.m8g.12xlarge');

  /** ml.m8g.16xlarge */
  public static readonly ML_M8G_16XLARGE = InstanceType.of('ml.m8g.16xlarge');

  /** ml.m8g.24xlarge */
  public static readonly ML_M8G_24XLARGE = InstanceType.of('ml.m8g.24xlarge');

  /** ml.m8g.48xlarge */
  public static readonly ML_M8G_48XLARGE = InstanceType.of('ml.m8g.48xlarge');

  /** ml.c6in.large */
  public static readonly ML_C6IN_LARGE = InstanceType.of('ml.c6in.large');

  /** ml.c6in.xlarge */
  public static readonly ML_C6IN_XLARGE = InstanceType.of('ml.c6in.xlarge');

  /** ml.c6in.2xlarge */
  public static readonly ML_C6IN_2XLARGE = InstanceType.of('ml.c6in.2xlarge');

  /** ml.c6in.4xlarge */
  public static readonly ML_C6IN_4XLARGE = InstanceType.of('ml.c6in.4xlarge');

  /** ml.c6in.8xlarge */
  public static readonly ML_C6IN_8XLARGE = InstanceType.of('ml.c6in.8xlarge');

  /** ml.c6in.12xlarge */
  public static readonly ML_C6IN_12XLARGE = InstanceType.of('ml.c6in.12xlarge');

  /** ml.c6in.16xlarge */
  public static readonly ML_C6IN_16XLARGE = InstanceType.of('ml.c6in.16xlarge');

  /** ml.c6in.24xlarge */
  public static readonly ML_C6IN_24XLARGE = InstanceType.of('ml.c6in.24xlarge');

  /** ml.c6in.32xlarge */
  public static readonly ML_C6IN_32XLARGE = InstanceType.of('ml.c6in.32xlarge');

  /** ml.p6-b200.48xlarge */
  public static readonly ML_P6_B200_48XLARGE = InstanceType.of('ml.p6-b200.48xlarge');

  /** ml.p6-b300.48xlarge */
  public static readonly ML_P6_B300_48XLARGE = InstanceType.of('ml.p6-b300.48xlarge');

  /** ml.p6e-gb200.36xlarge */
  public static readonly ML_P6E_GB200_36XLARGE = InstanceType.of('ml.p6e-gb200.36xlarge');

  /** ml.p5.4xlarge */
  public static readonly ML_P5_4XLARGE = InstanceType.of('ml.p5.4xlarge');

  /**
   * An instance type by name, for example `ml.g5.xlarge`.
   *
   * Names that the SageMaker API model of this release does not list are accepted (a warning is
   * emitted when they are used in an endpoint config), so new instance types work without an upgrade.
   *
   * @param instanceType the SageMaker instance type name, starting with `ml.`
   */
  public static of(instanceType: string): InstanceType {
    return new InstanceType(instanceType);
  }

  private constructor(private readonly instanceTypeIdentifier: string) {}

  /** The instance family, for example `g5` for `ml.g5.xlarge` (empty for a token). */
  public get family(): string {
    if (Token.isUnresolved(this.instanceTypeIdentifier)) {
      return '';
    }
    const parts = this.instanceTypeIdentifier.split('.');
    return parts.length === 3 ? parts[1] : '';
  }

  /** Whether the name is listed in the SageMaker API model this release was built from. */
  public isKnown(): boolean {
    return KNOWN_INSTANCE_TYPES.has(this.instanceTypeIdentifier);
  }

  /**
   * Whether this is a burstable `ml.t*` instance type. Burstable variants cannot be autoscaled.
   */
  public isBurstable(): boolean {
    return /^t\d/.test(this.family);
  }

  /**
   * Whether this is an AWS Inferentia 1 (`ml.inf1.*`) instance type. SageMaker silently skips
   * deployment guardrails (canary, linear, rolling) for Inf1 variants.
   */
  public isInf1(): boolean {
    return this.family === 'inf1';
  }

  /**
   * Whether this instance type has local NVMe instance storage (an endpoint config with such a
   * variant cannot take a KMS key).
   */
  public hasLocalNvme(): boolean {
    return LOCAL_NVME_FAMILIES.has(this.family);
  }

  /** The instance type name, for example `ml.m5.large`. */
  public toString(): string {
    return this.instanceTypeIdentifier;
  }
}
