/**
 * One SIP account on the wire: a sip.js UserAgent over our transport, its
 * registration kept alive through real networks, and every change reported as
 * a registration state with a plain-language reason.
 *
 * What it adds to sip.js's Registerer:
 * - refresh at a random 50-80% of the granted expiry (sip.js defaults to 99%);
 * - the NaN-expiry fix and challenge selection on incoming responses;
 * - typed failure reasons (credentials, 403, 404, timeout, 503, TLS, network);
 * - retries with capped exponential backoff and jitter, honouring Retry-After,
 *   but never for bad credentials or refusals (that only locks the account);
 * - liveness: an OPTIONS ping while registered (UDP) and, while down, a cheap
 *   probe every second (OPTIONS on UDP, a connection attempt on TCP/TLS) so the
 *   account re-registers as soon as the server is back, without a REGISTER storm;
 * - unregistration on stop.
 */
import { Core, Registerer, RegistererState, SIPExtension, UserAgent, type Invitation, type Referral } from 'sip.js';
import { allowUpdate, retryTooSmallSessionInterval } from './call/dialog-hooks';
import { decideAsUas, DEFAULT_SESSION_TIMER_POLICY, type SessionTimerPolicy } from './call/session-timer';
import { applyDialPlan } from '../../common/dialplan/dial-plan';
import { err, ok } from '../../common/result';
import type { CallMedia } from '../media/call-media';
import type { SrtpPolicy } from '../media/sdp';
import { SipCall, type SessionData } from './call/sip-call';
import { DialtoneSdh } from './call/session-description-handler';

type IncomingResponse = Core.IncomingResponse;
import type { AccountConfig } from '../../common/models/account';
import type { AppError, Result } from '../../common/result';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Endpoint, SocketFactory } from '../ports/network';
import { hasSupportedChallenge, installDigestAuthentication, offeredChallengeAlgorithms, selectStrongestChallenge } from './auth';
import { cseq, headerValue, statusCode, topVia } from './message/sip-text';
import { describeRegistrationFailure, isRetryable } from './registration/failure-reasons';
import { buildOptionsProbe } from './registration/options-ping';
import { fixRegisterExpires } from './registration/register-fixups';
import { RegistrationMachine, RegState } from './registration/registration-state';
import { DEFAULT_RETRY, refreshDelay, retryDelay, type RetryPolicy } from './registration/retry-policy';
import { StreamTransport } from './transport/stream-transport';
import type { TransportBase } from './transport/transport-base';
import type { SipTransportOptions, WireRecord } from './transport/transport-options';
import { UdpTransport } from './transport/udp-transport';

/** sip.js leaves these at 0 ("not correct for unreliable transports"); RFC 3261 values. */
Object.assign(Core.Timers, { TIMER_D: 32000, TIMER_I: 5000, TIMER_J: 32000, TIMER_K: 5000 });

/** A dial string as a SIP URI: a URI stays, a user or number goes to the account's domain. */
export function toSipUri(target: string, aor: string): string {
  const t = target.trim();
  if (/^sips?:/i.test(t)) return t;
  const domain = aor.replace(/^sips?:[^@]*@/i, '');
  const user = t.replace(/[\s().-]/g, '');
  return `sip:${t.includes('@') ? t : `${user}@${domain}`}`;
}

/** A random numeric SDP session id. */
function sessionId(random: () => number): string {
  return String(Math.floor(random() * 9e15) + 1e15);
}

/** Address equality that also matches IPv4-mapped IPv6 (`::ffff:a.b.c.d`). */
function sameAddress(a: string, b: string): boolean {
  const norm = (x: string): string => x.replace(/^\[|\]$/g, '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').toLowerCase();
  return norm(a) === norm(b);
}

/** Failures after which another server of the same account may do better. */
function failsOver(reason: AppError): boolean {
  return reason.code === 'SIP_TIMEOUT' || reason.code === 'SIP_SERVICE_UNAVAILABLE' || reason.code === 'NETWORK_UNREACHABLE';
}

/** A resolved server: where to send, and the name to verify TLS against. */
export interface ResolvedServer {
  readonly endpoint: Endpoint;
  readonly name: string;
}

/** What a SipAccount needs from outside. */
export interface SipAccountDeps {
  readonly sockets: SocketFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  /** [0, 1) random source, injected for deterministic tests. */
  readonly random: () => number;
  /** RFC 3263: the servers to try, in order. On a timeout, 503 or refused connection the next one is tried. */
  readonly resolveServers: (account: AccountConfig) => Promise<Result<readonly ResolvedServer[]>>;
  readonly onWire: (record: WireRecord) => void;
  readonly onState: (state: RegState, reason?: AppError) => void;
  /**
   * Creates the media of a new call, bound to `localAddress` (the address SIP
   * uses); `bind` is called with the call once it exists (for in-band DTMF).
   */
  readonly createMedia?: (localAddress: string, options?: { readonly latch?: boolean }) => { readonly media: CallMedia; bind(call: SipCall): void };
  /** A new incoming call (not yet answered). Without a listener, calls are refused with 486. */
  readonly onIncomingCall?: (call: SipCall) => void;
  /**
   * Decides, before anything rings, whether an incoming call is refused (the
   * call limit, later DND and forwarding): a status (486, 480, 603…) to
   * answer with, or undefined to let it ring.
   */
  readonly screenIncoming?: (from: string) => IncomingVerdict | undefined;
}

/** How an incoming call is refused before it rings. */
export interface IncomingVerdict {
  /** 3xx (with `forwardTo`) or 4xx-6xx. */
  readonly status: number;
  /** For a 302: where to (a SIP URI, or a number/user at the account's domain). */
  readonly forwardTo?: string;
  /** Why, for the log. */
  readonly why: string;
}

/** Per-account settings. */
export interface SipAccountSettings {
  readonly account: AccountConfig;
  readonly password: string;
  readonly userAgent: string;
  /** Requested registration expiry in seconds. */
  readonly expiresSeconds: number;
  /** Local SIP port; 0 = random high port (the default; 5060 only when asked). */
  readonly localPort: number;
  /** PEM of an extra CA for TLS (read by the caller from account.tlsCaFile). */
  readonly tlsCa?: string;
  /** OPTIONS ping interval while registered over UDP, ms (0 = off). */
  readonly pingIntervalMs: number;
  /** Probe interval while the server is down, ms. */
  readonly probeIntervalMs: number;
  /** CRLF keep-alive interval on TCP/TLS, ms. */
  readonly keepAliveMs: number;
  readonly retry: RetryPolicy;
  /** Session-timer limits (RFC 4028); default {@link DEFAULT_SESSION_TIMER_POLICY}. Tests lower the minimum. */
  readonly sessionTimer?: SessionTimerPolicy;
}

/** Defaults a professional softphone would use. */
export const DEFAULT_SETTINGS = {
  expiresSeconds: 600,
  localPort: 0,
  pingIntervalMs: 30_000,
  probeIntervalMs: 1000,
  keepAliveMs: 30_000,
  retry: DEFAULT_RETRY,
} as const;

/** One registered (or registering) SIP account. */
export class SipAccount {
  private readonly machine: RegistrationMachine;
  private readonly log: Logger;
  private ua: UserAgent | undefined;
  private registerer: Registerer | undefined;
  private transport: TransportBase | undefined;
  private server: ResolvedServer | undefined;
  private servers: readonly ResolvedServer[] = [];
  private serverIndex = 0;
  private attempt = 0;
  private downSince: number | undefined;
  private retryTimer: TimerHandle | undefined;
  private refreshTimer: TimerHandle | undefined;
  private pingTimer: TimerHandle | undefined;
  private probeTimer: TimerHandle | undefined;
  private pingOutstanding = 0;
  private stopped = false;
  private registering = false;
  /** Bumped whenever the UserAgent is torn down, so late callbacks of an old one are ignored. */
  private generation = 0;
  /** Our address as the registrar sees it (from received/rport), once it differs from ours. */
  private publicAddress: Endpoint | undefined;
  /** True while the old Contact is being removed after NAT detection (sip.js passes through Unregistered). */
  private switchingContact = false;
  /** The last 2xx to a REGISTER, for when sip.js accepts one without telling our delegate (after a 423). */
  private lastRegisterOk: string | undefined;

  constructor(
    private readonly settings: SipAccountSettings,
    private readonly deps: SipAccountDeps,
  ) {
    this.log = deps.logger.child('sip.account');
    this.machine = new RegistrationMachine((from, to) => this.log.error('refused registration transition', { from, to }));
  }

  /** The current registration state. */
  get state(): RegState {
    return this.machine.state;
  }

  /** Our address as the registrar sees it, when NAT made it differ from ours. */
  get natAddress(): Endpoint | undefined {
    return this.publicAddress;
  }

  /** The local port in use (0 when not connected). */
  get localPort(): number {
    return this.transport?.localPort ?? 0;
  }

  /** Starts registering (or just connects when the account does not register). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.registerNow();
  }

  /** Re-registers at once, e.g. after a network change or resume; resets the backoff. */
  async refresh(): Promise<void> {
    if (this.stopped) return;
    this.attempt = 0;
    await this.teardownUserAgent();
    // A new network means a new binding: show it as registering until it holds.
    if (this.settings.account.register) this.move(RegState.Registering);
    await this.registerNow();
  }

  /** Unregisters (bounded to 2 s) and releases the socket. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    const registerer = this.registerer;
    if (registerer && registerer.state === RegistererState.Registered) {
      await Promise.race([registerer.unregister().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.teardownUserAgent();
    this.move(RegState.Unregistered);
  }

  private move(to: RegState, reason?: AppError): void {
    if (this.machine.transition(to)) this.deps.onState(to, reason);
  }

  private target(): string {
    const s = this.server;
    const kind = this.settings.account.transport.toUpperCase();
    if (!s) return `${this.settings.account.server} over ${kind}`;
    const at = `${s.endpoint.address}:${s.endpoint.port}`;
    return s.name === s.endpoint.address ? `${at} over ${kind}` : `${s.name} (${at}) over ${kind}`;
  }

  private async ensureUserAgent(): Promise<AppError | undefined> {
    if (this.ua && this.transport?.isConnected()) return undefined;
    if (this.ua && this.transport) {
      try {
        await this.transport.connect();
        this.ua.contact.uri.port = this.transport.localPort;
        return undefined;
      } catch (error) {
        return this.networkReason(error);
      }
    }
    const { account } = this.settings;
    if (this.serverIndex >= this.servers.length) {
      const list = await this.deps.resolveServers(account);
      if (!list.ok) return list.error;
      if (list.data.length === 0) return { code: 'DNS_NO_RECORD', message: `No server found for ${account.server}.` };
      this.servers = list.data;
      this.serverIndex = 0;
    }
    const chosen = this.servers[this.serverIndex] as ResolvedServer;
    const resolved = { data: chosen };
    this.server = chosen;
    const local = await this.deps.sockets.localAddressFor(chosen.endpoint);
    if (!local.ok) return local.error;
    const rememberRegisterOk = (m: string): string => {
      const status = statusCode(m);
      if (status !== undefined && status >= 200 && status < 300 && cseq(m)?.method === 'REGISTER') this.lastRegisterOk = m;
      return m;
    };
    // Before sip.js parses: strongest digest challenge last (sip.js keeps only the last), the NaN-expiry fix.
    const fixups = [selectStrongestChallenge, fixRegisterExpires, rememberRegisterOk];
    const transportOptions: SipTransportOptions = {
      kind: account.transport,
      sockets: this.deps.sockets,
      clock: this.deps.clock,
      logger: this.deps.logger.child(`sip.${account.transport}`),
      server: resolved.data.endpoint,
      serverName: resolved.data.name,
      localAddress: local.data,
      localPort: this.settings.localPort,
      ...(this.settings.tlsCa ? { tlsCa: this.settings.tlsCa } : {}),
      keepAliveMs: account.transport === 'udp' ? 0 : this.settings.keepAliveMs,
      connectTimeoutMs: 5000,
      acceptFrom: account.allowDirectCalls ? () => true : (from) => sameAddress(from.address, resolved.data.endpoint.address),
      inbound: (m) => fixups.reduce((acc, f) => f(acc), m),
      onWire: this.deps.onWire,
      onDrop: (why, from) => this.log.debug('dropped incoming data', { why, from: `${from.address}:${from.port}` }),
    };
    const uri = UserAgent.makeURI(account.aor);
    if (!uri) return { code: 'INVALID_CONFIG', message: `The address ${account.aor} is not a valid SIP URI.` };
    const ua = new UserAgent({
      uri,
      authorizationUsername: account.username,
      authorizationPassword: this.settings.password,
      ...(account.displayName ? { displayName: account.displayName } : {}),
      transportConstructor: account.transport === 'udp' ? UdpTransport : StreamTransport,
      transportOptions,
      viaHost: local.data,
      contactParams: { transport: account.transport },
      forceRport: true,
      hackIpInContact: false,
      reconnectionAttempts: 0,
      // Attended transfer: an INVITE with Replaces takes over the matching call (RFC 3891).
      sipExtensionReplaces: SIPExtension.Supported,
      // Session timers (RFC 4028, `sip/call/session-timer.ts`).
      sipExtensionExtraSupported: ['timer'],
      // sip.js's own 180 runs un-awaited and a malformed INVITE makes it reject
      // unhandled (a crash under --unhandled-rejections=throw): we send it ourselves.
      sendInitialProvisionalResponse: false,
      userAgentString: this.settings.userAgent,
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => {
        if (level === 'error' || level === 'warn') this.log.debug(`sip.js ${category}: ${content}`);
      },
      sessionDescriptionHandlerFactory: (session) => {
        const data = session.data as SessionData | undefined;
        if (!data) throw new Error('no media for this session');
        return data.sdh;
      },
      delegate: {
        onInvite: (invitation) => this.incoming(invitation),
        onDisconnect: (error) => {
          if (this.stopped || !error) return;
          this.fail(this.networkReason(error));
        },
      },
    });
    this.ua = ua;
    installDigestAuthentication(ua.userAgentCore, {
      credentials: () => ({ username: account.username, password: this.settings.password }),
      logger: this.log,
    });
    retryTooSmallSessionInterval(ua.userAgentCore, this.log);
    // UPDATE is answered by each call (`SipCall.onUpdate`), not with sip.js's 405.
    allowUpdate();
    this.transport = ua.transport as unknown as TransportBase;
    this.transport.onProbeAnswer = () => this.onServerBack();
    try {
      await ua.start();
    } catch (error) {
      return this.networkReason(error);
    }
    ua.contact.uri.port = this.transport.localPort;
    this.registerer = new Registerer(ua, { expires: this.settings.expiresSeconds, refreshFrequency: 99 });
    this.registerer.stateChange.addListener((state) => {
      // sip.js re-sends a REGISTER on its own after a 423 (Min-Expires) and then
      // calls no delegate of ours: its Registered state is the only sign.
      // sip.js fires this before our onAccept in the normal case, so wait a
      // turn: only if no delegate spoke is it the 423 path.
      if (state === RegistererState.Registered && this.registering && !this.stopped) {
        const generation = this.generation;
        setTimeout(() => {
          if (generation !== this.generation || !this.registering || this.stopped || this.registerer?.state !== RegistererState.Registered) return;
          this.registering = false;
          this.onRegistered(this.lastRegisterOk);
        }, 0);
        return;
      }
      // Unregistered while we think we are registered: either a refresh was
      // rejected (sip.js changes state before calling our onReject, which then
      // gives the real reason) or sip.js's own expiry timer fired. Wait a turn
      // so onReject can speak first; only silence means a timeout.
      if (state === RegistererState.Unregistered && this.machine.state === RegState.Registered && !this.stopped && !this.switchingContact) {
        const generation = this.generation;
        setTimeout(() => {
          if (generation !== this.generation || this.stopped || this.switchingContact || this.machine.state !== RegState.Registered) return;
          if (this.registerer?.state !== RegistererState.Unregistered) return;
          this.fail(describeRegistrationFailure({ synthetic: true, target: this.target() }));
        }, 0);
      }
    });
    return undefined;
  }

  /** Follows the REFER `from` received: a new call to its Refer-To (with Replaces/Referred-By), NOTIFYing the referrer. */
  followReferral(from: SipCall): Result<SipCall> {
    const referral = from.takeReferral();
    if (!referral) return err('INVALID_ARGS', 'That call has no transfer request to follow.');
    const target = referral.referTo.uri.clone();
    target.clearHeaders();
    return this.dial(target.toString(), referral);
  }

  /** Places a call to `target` (a SIP URI, or a user/number at the account's domain). */
  dial(target: string, referral?: Referral): Result<SipCall> {
    const ua = this.ua;
    if (!ua || this.machine.state !== RegState.Registered) return err('INVALID_ARGS', `${this.settings.account.aor} is not registered, so it cannot call.`);
    if (!this.deps.createMedia) return err('INTERNAL', 'Calls are not available: no media engine.');
    const uri = UserAgent.makeURI(toSipUri(target, this.settings.account.aor));
    if (!uri) return err('INVALID_ARGS', `"${target}" is not a number or a SIP address.`);
    const { media, bind } = this.deps.createMedia(ua.configuration.viaHost, { latch: this.settings.account.natLatching === true });
    // The SDH reports negotiations asynchronously, after `call` exists.
    const sdh = new DialtoneSdh(media, { codecs: this.settings.account.codecs, srtp: this.mediaSrtp() }, sessionId(this.deps.random), (s) => call.negotiated(s));
    const call = SipCall.dial(ua, uri, sdh, this.log, referral, this.timerPolicy);
    bind(call);
    return ok(call);
  }

  private incoming(invitation: Invitation): void {
    const ua = this.ua;
    if (!ua || !this.deps.createMedia || !this.deps.onIncomingCall) {
      invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    // sip.js has already answered 481 to a Replaces that matches none of our dialogs; one it
    // could not parse would otherwise ring as a plain call, yet claims to replace a call.
    if (invitation.request.hasHeader('replaces') && !invitation.request.parseHeader('replaces')) {
      this.log.info('refusing an incoming call', { status: 400, reason: 'malformed Replaces header' });
      invitation.reject({ statusCode: 400, reasonPhrase: 'Bad Replaces Header' }).catch(() => undefined);
      return;
    }
    const timer = decideAsUas({ sessionExpires: invitation.request.getHeader('session-expires'), minSe: invitation.request.getHeader('min-se'), supported: invitation.request.getHeaders('supported') }, this.timerPolicy);
    if (timer.kind === 'tooSmall') {
      this.log.info('refusing an incoming call', { status: 422, reason: `session interval below our minimum of ${timer.minSeconds} s` });
      invitation.reject({ statusCode: 422, extraHeaders: [`Min-SE: ${timer.minSeconds}`] }).catch(() => undefined);
      return;
    }
    const verdict = this.deps.screenIncoming?.(invitation.remoteIdentity.uri.toString());
    if (verdict) {
      this.log.info('refusing an incoming call', { status: verdict.status, reason: verdict.why });
      const contact = verdict.forwardTo === undefined ? [] : [`Contact: <${this.forwardUri(verdict.forwardTo)}>`];
      invitation.reject({ statusCode: verdict.status, extraHeaders: contact }).catch(() => undefined);
      return;
    }
    const { media, bind } = this.deps.createMedia(ua.configuration.viaHost, { latch: this.settings.account.natLatching === true });
    let call: SipCall | undefined;
    const sdh = new DialtoneSdh(media, { codecs: this.settings.account.codecs, srtp: this.mediaSrtp() }, sessionId(this.deps.random), (s) => call?.negotiated(s));
    invitation.data = { sdh } satisfies SessionData;
    const offer = invitation.body;
    void (async () => {
      // An offer we cannot answer is refused at once with its status (488), never rung.
      const problem = offer ? await sdh.checkOffer(offer).catch(() => undefined) : undefined;
      if (problem) {
        this.log.info('refusing an incoming call', { status: problem.sipStatus, reason: problem.message });
        void media.close();
        invitation.reject({ statusCode: problem.sipStatus }).catch(() => undefined);
        return;
      }
      invitation.progress().catch((error: unknown) => {
        this.log.warn('could not send 180 Ringing; refusing the call', { error: error instanceof Error ? error.message : String(error) });
        invitation.reject({ statusCode: 400 }).catch(() => undefined);
      });
      call = SipCall.incoming(invitation, sdh, this.log, this.timerPolicy);
      bind(call);
      this.deps.onIncomingCall?.(call);
    })();
  }

  private get timerPolicy(): SessionTimerPolicy {
    return this.settings.sessionTimer ?? DEFAULT_SESSION_TIMER_POLICY;
  }

  /** A forwarding target as a SIP URI (a number or user goes to the account's domain). */
  forwardUri(target: string): string {
    const planned = this.targetUri(target);
    if (planned.ok) return planned.data;
    this.log.warn('the dial plan refused a forwarding target; using it as typed', { target, reason: planned.error.message });
    return toSipUri(target, this.settings.account.aor);
  }

  /** A transfer or forwarding target as a SIP URI, through the account's dial plan (as `call.dial`). */
  targetUri(target: string): Result<string> {
    const planned = applyDialPlan(target, this.settings.account.dialPlan);
    if (!planned.ok) return planned;
    return ok(toSipUri(planned.data, this.settings.account.aor));
  }

  /** SRTP is required over TLS unless the account turned it off explicitly (the security default). */
  private mediaSrtp(): SrtpPolicy {
    return this.settings.account.srtp;
  }

  private networkReason(error: unknown): AppError {
    const e = error as Error & { code?: string };
    const code = e.code && /^[A-Z_]+$/.test(e.code) && e.code.includes('_') ? (e.code as AppError['code']) : 'NETWORK_UNREACHABLE';
    const known: readonly string[] = ['TLS_CERTIFICATE', 'TLS_HANDSHAKE', 'NETWORK_UNREACHABLE', 'SIP_TIMEOUT', 'DNS_NO_RECORD', 'INVALID_CONFIG'];
    const finalCode = known.includes(code) ? code : 'NETWORK_UNREACHABLE';
    return describeRegistrationFailure({ synthetic: true, target: this.target(), networkError: { code: finalCode, message: e.message } });
  }

  /**
   * Sends a REGISTER now. A background retry (`visible` false) keeps the Failed
   * state and its reason on screen until it succeeds, so the user keeps seeing
   * why, and the liveness probe keeps running meanwhile.
   */
  private async registerNow(visible = true): Promise<void> {
    if (this.stopped || this.registering) return;
    this.registering = true;
    this.clearTimer('retryTimer');
    this.clearTimer('refreshTimer');
    if (visible && this.machine.state !== RegState.Registered) this.move(RegState.Registering);
    const problem = await this.ensureUserAgent();
    if (problem) {
      this.registering = false;
      this.fail(problem);
      return;
    }
    if (!this.settings.account.register) {
      this.registering = false;
      return;
    }
    const registerer = this.registerer;
    if (!registerer || this.stopped) {
      this.registering = false;
      return;
    }
    const generation = this.generation;
    try {
      await registerer.register({
        requestDelegate: {
          onAccept: (response) => {
            if (generation !== this.generation) return;
            this.registering = false;
            this.onRegistered(response.message.data);
          },
          onReject: (response) => {
            if (generation !== this.generation) return;
            this.registering = false;
            this.onRejected(response);
          },
        },
      });
    } catch (error) {
      this.registering = false;
      this.log.warn('REGISTER not sent', { error: (error as Error).message });
    }
  }

  private onRegistered(raw: string | undefined): void {
    this.attempt = 0;
    this.downSince = undefined;
    this.stopProbing();
    this.move(RegState.Registered);
    const nat = this.natAddressIn(raw);
    if (nat) {
      this.switchContact(nat);
      return;
    }
    const expires = this.grantedExpires(raw);
    this.refreshTimer = this.deps.clock.setTimeout(() => void this.registerNow(), refreshDelay(expires, this.deps.random));
    this.schedulePing();
  }

  /**
   * RFC 3581: when the registrar saw us at another address or port than we
   * advertise (NAT), advertise that one in the Contact. UDP only: over TCP/TLS
   * the registrar answers on the connection we opened.
   */
  private natAddressIn(raw: string | undefined): Endpoint | undefined {
    const ua = this.ua;
    if (!raw || !ua || this.settings.account.transport !== 'udp') return undefined;
    const via = topVia(raw);
    if (!via) return undefined;
    const address = via.received ?? ua.contact.uri.host;
    const port = via.rport ?? ua.contact.uri.port ?? this.localPort;
    return address === ua.contact.uri.host && port === ua.contact.uri.port ? undefined : { address, port };
  }

  /**
   * Moves our binding to the address the registrar sees: removes the old
   * Contact (REGISTER with expires=0, so calls are not forked to a dead
   * binding), then registers the public one.
   */
  private switchContact(nat: Endpoint): void {
    const ua = this.ua;
    const registerer = this.registerer;
    if (!ua || !registerer) return;
    this.log.info('NAT detected: the registrar sees another address; moving the Contact there', { seen: `${nat.address}:${nat.port}`, advertised: `${ua.contact.uri.host}:${ua.contact.uri.port ?? ''}` });
    this.switchingContact = true;
    const generation = this.generation;
    let done = false;
    const next = (): void => {
      if (done || generation !== this.generation) return;
      done = true;
      this.publicAddress = nat;
      ua.contact.uri.host = nat.address;
      ua.contact.uri.port = nat.port;
      // Again a turn later: sip.js still counts the un-REGISTER as pending inside its delegate.
      setTimeout(() => {
        if (generation !== this.generation) return;
        this.switchingContact = false;
        void this.registerNow();
      }, 0);
    };
    // Our onAccept runs while sip.js still counts the REGISTER as pending; send the removal a turn later.
    setTimeout(() => {
      if (generation !== this.generation) return;
      registerer.unregister({ requestDelegate: { onAccept: next, onReject: next } }).catch(next);
    }, 0);
  }

  private onRejected(response: IncomingResponse): void {
    const message = response.message;
    const raw: string | undefined = message.data;
    const retryAfter = raw ? Number(headerValue(raw, 'retry-after')?.split(/[\s;(]/)[0]) : NaN;
    const networkError = this.transport?.lastError;
    const challenged = raw !== undefined && (message.statusCode === 401 || message.statusCode === 407);
    const unsupported = challenged && !hasSupportedChallenge(raw) ? offeredChallengeAlgorithms(raw) : [];
    this.fail(
      describeRegistrationFailure({
        ...(unsupported.length > 0 ? { unsupportedAlgorithms: unsupported } : {}),
        status: message.statusCode,
        reasonPhrase: message.reasonPhrase,
        synthetic: !raw,
        target: this.target(),
        ...(Number.isFinite(retryAfter) ? { retryAfter } : {}),
        ...(networkError && !raw && 'code' in networkError && typeof networkError.code === 'string' && networkError.code.includes('_')
          ? { networkError: { code: networkError.code as AppError['code'], message: networkError.message } }
          : {}),
      }),
      Number.isFinite(retryAfter) ? retryAfter : undefined,
    );
  }

  /** The expiry granted to our Contact (after the NaN fix-up it is always in the Contact). */
  private grantedExpires(raw: string | undefined): number {
    const port = this.transport?.localPort;
    if (raw && port) {
      for (const line of raw.split('\r\n')) {
        if (!/^(contact|m)\s*:/i.test(line) || !line.includes(`:${port}`)) continue;
        const m = /;\s*expires\s*=\s*(\d+)/i.exec(line.slice(line.lastIndexOf(`:${port}`)));
        if (m) return Number(m[1]);
      }
    }
    return this.settings.expiresSeconds;
  }

  private fail(reason: AppError, retryAfterSeconds?: number): void {
    if (this.stopped) return;
    this.clearTimer('refreshTimer');
    this.clearTimer('pingTimer');
    this.move(RegState.Failed, reason);
    this.log.warn('registration failed', { code: reason.code, message: reason.message });
    if (!isRetryable(reason)) return;
    if (failsOver(reason) && this.serverIndex + 1 < this.servers.length) {
      // RFC 3263 §4.3: try the next server at once.
      this.serverIndex += 1;
      this.log.info('trying the next server', { server: this.servers[this.serverIndex]?.name ?? '' });
      this.clearTimer('retryTimer');
      this.retryTimer = this.deps.clock.setTimeout(() => void this.teardownUserAgent().then(() => this.registerNow(false)), 0);
      return;
    }
    // All servers tried: the next attempt resolves again.
    if (this.servers.length > 1) this.serverIndex = this.servers.length;
    this.attempt += 1;
    this.downSince ??= this.deps.clock.monotonic();
    const delay = retryDelay(this.attempt, this.settings.retry, this.deps.random, retryAfterSeconds);
    this.clearTimer('retryTimer');
    this.retryTimer = this.deps.clock.setTimeout(() => void this.retry(), delay);
    // With Retry-After the server said when; no probing before that.
    if (retryAfterSeconds === undefined) this.startProbing();
  }

  private async retry(): Promise<void> {
    // After every server failed, start again from a fresh resolution.
    if (this.serverIndex >= this.servers.length && this.ua) await this.teardownUserAgent();
    await this.registerNow(false);
  }

  private onServerBack(): void {
    this.pingOutstanding = 0;
    if (this.machine.state !== RegState.Failed || this.stopped) return;
    this.log.info('server answers again: registering now');
    this.stopProbing();
    // A REGISTER of the outage may still be retransmitting; start a fresh one instead of waiting for it.
    void (this.registering ? this.teardownUserAgent() : Promise.resolve()).then(() => this.registerNow(false));
  }

  private sendProbe(): void {
    const t = this.transport;
    if (!t || !this.server) return;
    const probe = buildOptionsProbe({
      transport: this.settings.account.transport,
      local: this.ua?.configuration.viaHost ?? '',
      localPort: t.localPort,
      server: `${this.server.endpoint.address}:${this.server.endpoint.port}`,
      aor: this.settings.account.aor,
      userAgent: this.settings.userAgent,
    });
    t.sendProbe(probe.text);
  }

  private startProbing(): void {
    this.stopProbing();
    const elapsed = this.deps.clock.monotonic() - (this.downSince ?? this.deps.clock.monotonic());
    // 1 s for the first minute of an outage, then 5 s, then 30 s after ten minutes.
    const interval = elapsed < 60_000 ? this.settings.probeIntervalMs : elapsed < 600_000 ? 5000 : 30_000;
    this.probeTimer = this.deps.clock.setTimeout(() => {
      if (this.stopped || this.machine.state !== RegState.Failed) return;
      if (this.settings.account.transport === 'udp') this.sendProbe();
      else if (!this.transport?.isConnected() && !this.registering) {
        // On TCP/TLS a connection that opens is the sign the server is back.
        void this.transport?.connect().then(
          () => this.onServerBack(),
          () => undefined,
        );
      }
      this.startProbing();
    }, interval);
  }

  private stopProbing(): void {
    this.clearTimer('probeTimer');
  }

  private schedulePing(): void {
    this.clearTimer('pingTimer');
    if (this.settings.account.transport !== 'udp' || this.settings.pingIntervalMs <= 0) return;
    this.pingTimer = this.deps.clock.setTimeout(() => {
      if (this.stopped || this.machine.state !== RegState.Registered) return;
      if (this.pingOutstanding >= 2) {
        this.pingOutstanding = 0;
        this.fail(describeRegistrationFailure({ synthetic: true, status: 408, target: this.target() }));
        return;
      }
      this.pingOutstanding += 1;
      this.sendProbe();
      this.schedulePing();
    }, this.settings.pingIntervalMs);
  }

  private clearTimer(name: 'retryTimer' | 'refreshTimer' | 'pingTimer' | 'probeTimer'): void {
    const t = this[name];
    if (t) this.deps.clock.clearTimeout(t);
    this[name] = undefined;
  }

  private clearTimers(): void {
    for (const name of ['retryTimer', 'refreshTimer', 'pingTimer', 'probeTimer'] as const) this.clearTimer(name);
  }

  private async teardownUserAgent(): Promise<void> {
    const ua = this.ua;
    this.generation += 1;
    this.registering = false;
    this.switchingContact = false;
    this.publicAddress = undefined;
    this.ua = undefined;
    this.registerer = undefined;
    this.transport = undefined;
    if (!ua) return;
    await Promise.race([ua.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
  }
}
