/**
 * SIP server location over the DNS port (RFC 3263, RFC 2782): what the rest
 * of the core imports from `main/core/sip/dns`.
 */
export { isKnownSource, sourceFilter, type SourceMatchOptions } from './known-source';
export { resolveTargets } from './resolve-targets';
export { orderSrv } from './srv-order';
export { createTargetCursor, type TargetCursor } from './target-cursor';
export { defaultPort } from './transports';
export type { ResolveOptions, ResolvedTarget, SipTargetSpec, SipTransport, TargetSource } from './types';
