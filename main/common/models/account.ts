/**
 * The account configuration: what a user (or a headless account file) says
 * about one SIP account. The password is never part of it; it lives in the OS
 * keychain, or comes from DIALTONE_PASSWORD in headless mode.
 */
import { z } from 'zod';
import { DialPlanSchema } from '../dialplan/dial-plan';
import { parseAor, parseHostPort } from './sip-address';

/** SIP transports Dialtone speaks. */
export const TransportSchema = z.enum(['udp', 'tcp', 'tls']);
/** SDES-SRTP policy for the media of this account. */
export const SrtpPolicySchema = z.enum(['off', 'optional', 'required']);
/** Audio codecs, in the order the user prefers them. */
export const CodecSchema = z.enum(['opus', 'g722', 'pcmu', 'pcma']);

/** Account configuration, validated wherever it enters the app. */
export const AccountConfigSchema = z
  .strictObject({
    aor: z.string().refine((v) => parseAor(v) !== undefined, {
      message: 'must be a SIP address such as sip:alice@example.com',
    }),
    username: z.string().min(1, 'must not be empty').max(256),
    server: z.string().refine((v) => parseHostPort(v) !== undefined, {
      message: 'must be host or host:port, for example pbx.example.com:5060',
    }),
    transport: TransportSchema,
    /** Media encryption; when omitted: `required` over TLS (the security default), else `off`. */
    srtp: SrtpPolicySchema.optional(),
    codecs: z.array(CodecSchema).min(1, 'name at least one codec').refine((c) => new Set(c).size === c.length, {
      message: 'must not list a codec twice',
    }),
    register: z.boolean(),
    displayName: z.string().max(128).optional(),
    tlsCaFile: z.string().min(1).optional(),
    /**
     * Accept SIP requests from any address (direct IP calls). Off by default:
     * only the account's own servers may send us requests, which stops SIP
     * scanners from ringing the phone.
     */
    allowDirectCalls: z.boolean().optional(),
    /** A STUN server (host or host:port, port 3478 by default) the connection doctor asks for the public address. */
    stunServer: z
      .string()
      .refine((v) => parseHostPort(v) !== undefined, { message: 'must be host or host:port, for example stun.example.com:3478' })
      .optional(),
    /** How typed numbers become the user part called (prefix rules, region for E.164). */
    dialPlan: DialPlanSchema.optional(),
    /**
     * NAT latching for media (symmetric RTP, "comedia"). Off by default: RTP
     * and RTCP are accepted only from the address the other side's SDP
     * names; anything else is dropped and counted (`call.stats`
     * `foreignPacketsDropped`). On: during the first packets of a stream,
     * media coming from another address (the far end's NAT mapping) moves
     * the call's media there; after those packets the address is fixed
     * again, so a stranger cannot take the stream over later.
     */
    natLatching: z.boolean().optional(),
  })
  .refine((a) => a.tlsCaFile === undefined || a.transport === 'tls', {
    message: 'tlsCaFile only applies when transport is "tls"',
    path: ['tlsCaFile'],
  })
  .transform((a) => ({ ...a, srtp: a.srtp ?? defaultSrtp(a.transport) }));

/** SRTP is required by default when the signalling is encrypted: keys travel in SDP, which only TLS protects. */
export function defaultSrtp(transport: z.infer<typeof TransportSchema>): z.infer<typeof SrtpPolicySchema> {
  return transport === 'tls' ? 'required' : 'off';
}

/** A validated account configuration. */
export type AccountConfig = z.infer<typeof AccountConfigSchema>;

/** The stable id of an account: its address-of-record without the scheme, lower-cased host. */
export function accountIdOf(config: Pick<AccountConfig, 'aor'>): string {
  const aor = parseAor(config.aor);
  if (!aor) return config.aor;
  const host = aor.host.toLowerCase();
  return aor.port === undefined ? `${aor.user}@${host}` : `${aor.user}@${host}:${aor.port}`;
}

/** Registration states, as the UI and scripts see them. */
export const RegistrationStateSchema = z.enum(['registering', 'registered', 'unregistered', 'failed']);
/** One of the registration states. */
export type RegistrationState = z.infer<typeof RegistrationStateSchema>;
