export { startGateway, type GatewayRuntime, type GatewayOptions } from './app';
export { parseGatewayEnvironment, gatewayEnvironmentSpec, type GatewayEnvironment } from './environment';
export { composeSupergraph } from './compose';
export { SUBGRAPHS, readSubgraphSdl } from './subgraphs';
