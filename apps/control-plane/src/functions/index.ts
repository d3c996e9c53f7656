// The functions subsystem of the control plane: invocation API, triggers, HTTP gateway, stats.
export { startFunctions, type Functions, type FunctionsOptions } from './start-functions.js';
export { Invoker, type ListInvocationsQuery } from './invoker.js';
export type { InvokerOptions } from './invoker-options.js';
export { FunctionStats, type RevisionStats, type FunctionStatsOptions } from './function-stats.js';
export type { Invocation, InvocationEvent, InvokeRequest } from './invocation-types.js';
export { routeRevision, type RoutingStatus } from './route-revision.js';
export { createFunctionHandlers } from './function-handlers.js';
