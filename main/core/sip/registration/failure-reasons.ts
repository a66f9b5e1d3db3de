/**
 * Turns a failed SIP transaction into the reason a user reads: a stable
 * ErrorCode, what happened (naming the server, transport and status), and the
 * next step (the guide in main/common/errors.ts).
 */
import { errorGuides } from '../../../common/errors';
import type { AppError } from '../../../common/result';

/** What we know about the failed attempt. */
export interface FailureContext {
  /** The status code, or undefined when no response came. */
  readonly status?: number | undefined;
  readonly reasonPhrase?: string | undefined;
  /** True when sip.js made the response up (408 timeout, 503 transport error). */
  readonly synthetic: boolean;
  /** The server and transport tried, e.g. "127.0.0.1:5060 over UDP". */
  readonly target: string;
  /** The last socket/TLS error the transport saw, if any. */
  readonly networkError?: AppError;
  /** Retry-After from a 503, in seconds. */
  readonly retryAfter?: number;
  /** The digest algorithms the server offered when none is supported. */
  readonly unsupportedAlgorithms?: readonly string[];
}

/** Ends `text` with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function reason(code: AppError['code'], what: string): AppError {
  return { code, message: `${sentence(what)} ${errorGuides[code]}` };
}

/** Maps a registration failure to a user-facing reason. */
export function describeRegistrationFailure(ctx: FailureContext): AppError {
  if (ctx.networkError && (ctx.synthetic || ctx.status === undefined)) {
    return reason(ctx.networkError.code, ctx.networkError.message);
  }
  if (ctx.unsupportedAlgorithms && ctx.unsupportedAlgorithms.length > 0) {
    return reason('SIP_UNSUPPORTED', `${ctx.target} asks for digest algorithm ${ctx.unsupportedAlgorithms.join(', ')}, which Dialtone does not support.`);
  }
  const status = ctx.status;
  if (status === undefined || (ctx.synthetic && status === 408)) {
    return reason('SIP_TIMEOUT', `No answer from ${ctx.target}.`);
  }
  if (ctx.synthetic && status === 503) return reason('NETWORK_UNREACHABLE', `Could not send to ${ctx.target}.`);
  const line = `${ctx.target} answered ${status}${ctx.reasonPhrase ? ` ${ctx.reasonPhrase}` : ''}.`;
  switch (status) {
    case 401:
    case 407:
      return reason('SIP_AUTH_FAILED', line);
    case 403:
      return reason('SIP_FORBIDDEN', line);
    case 404:
      return reason('SIP_NOT_FOUND', line);
    case 408:
      return reason('SIP_TIMEOUT', line);
    case 500:
    case 503:
    case 504: {
      const wait = ctx.retryAfter !== undefined ? ` It asked to wait ${ctx.retryAfter} s.` : '';
      return reason('SIP_SERVICE_UNAVAILABLE', `${line}${wait}`);
    }
    default:
      return reason('SIP_REJECTED', line);
  }
}

/** Whether retrying on our own is right: not for credentials or a refusal, which would lock accounts (fail2ban). */
export function isRetryable(error: AppError): boolean {
  return !['SIP_AUTH_FAILED', 'SIP_FORBIDDEN', 'SIP_NOT_FOUND', 'SIP_UNSUPPORTED', 'TLS_CERTIFICATE', 'INVALID_CONFIG', 'NO_PASSWORD', 'KEYCHAIN_UNAVAILABLE'].includes(error.code);
}
