export { EgressClient, type EgressRequest, type EgressResponse, type EgressBufferResponse, type EgressStreamResponse, type EgressOptions } from './egress-client';
export { EgressError, type EgressErrorCode } from './egress.errors';
export { EgressModule } from './egress.module';
export { isBlockedAddress } from './address-policy';
