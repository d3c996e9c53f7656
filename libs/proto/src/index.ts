// Generated types are re-exported as types only: the runtime path is proto-loader.
export type * from './generated/mosaic/v1/Workload.js';
export type { ProtoGrpcType as MosaicProtoGrpcType } from './generated/workload_service.js';
export type { ProtoGrpcType as AgentProtoGrpcType } from './generated/agent.js';
export type { ProtoGrpcType as NodeProtoGrpcType } from './generated/node_service.js';
export type { ProtoGrpcType as FunctionProtoGrpcType } from './generated/function_service.js';
export type { ProtoGrpcType as RolloutProtoGrpcType } from './generated/rollout_service.js';
export type * as pb from './generated/mosaic/v1/index.js';
export { protoLoaderOptions } from './loader-options.js';
export { loadMosaicPackageDefinition, protoFiles, protoRoot } from './load-package-definition.js';
