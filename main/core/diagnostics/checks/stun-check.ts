/**
 * The STUN check: one RFC 5389 Binding request to the account's STUN server,
 * from the address SIP uses, to learn the public address and whether NAT is
 * in the way (the mapped address differs from our own).
 */
import { randomBytes } from 'node:crypto';
import { parseHostPort } from '../../../common/models/sip-address';
import { parseIpLiteral } from '../../sip/dns/ip-literal';
import { decodeBindingResponse, encodeBindingRequest, type BindingResponse } from '../stun-codec';
import { showEndpoint, skipped, waitUntil, type CheckContext, type CheckOutcome, type CheckUnit } from './check-context';

/** The STUN port when the setting names none (RFC 5389 §18.4). */
export const DEFAULT_STUN_PORT = 3478;

async function run(ctx: CheckContext): Promise<CheckOutcome> {
  const setting = ctx.input.account.stunServer;
  if (setting === undefined) return skipped('No STUN server is set for this account, so the public address was not checked. Add one (for example your provider\'s) in the account settings.');
  const hp = parseHostPort(setting);
  if (!hp) return { status: 'warn', code: 'INVALID_CONFIG', detail: `The STUN server "${setting}" is not host or host:port.` };
  const host = hp.host.replace(/^\[|\]$/g, '');
  let address = parseIpLiteral(host)?.address;
  if (address === undefined) {
    try {
      address = (await ctx.deps.dns.resolve4(host))[0];
    } catch {
      address = undefined;
    }
    if (address === undefined) return { status: 'warn', code: 'DNS_NO_RECORD', detail: `The STUN server name ${host} does not resolve.` };
  }
  const to = { address, port: hp.port ?? DEFAULT_STUN_PORT };
  const where = showEndpoint(to.address, to.port);
  const local = await ctx.deps.sockets.localAddressFor(to);
  if (!local.ok) return { status: 'warn', code: local.error.code, detail: local.error.message };
  const bound = await ctx.deps.sockets.bindUdp({ address: local.data, port: 0 });
  if (!bound.ok) return { status: 'warn', code: bound.error.code, detail: bound.error.message };
  const socket = bound.data;
  ctx.defer(() => socket.close());
  const txId = randomBytes(12);
  const request = encodeBindingRequest(txId);
  const reply = await waitUntil<BindingResponse>(ctx, Math.max(200, ctx.timeoutMs - 300), (resolve) => {
    socket.onMessage((data) => {
      const decoded = decodeBindingResponse(data, txId);
      if (decoded) resolve(decoded);
    });
    socket.onError(() => undefined);
    const send = (interval: number): void => {
      socket.send(request, to);
      const timer = ctx.deps.clock.setTimeout(() => send(interval * 2), interval);
      ctx.defer(() => ctx.deps.clock.clearTimeout(timer));
    };
    send(500);
  });
  if (reply === 'timeout') return { status: 'warn', code: 'SIP_TIMEOUT', detail: `No answer from the STUN server ${where}: it may be down, or UDP to it is blocked.` };
  if (reply.kind === 'error') return { status: 'warn', code: 'SIP_REJECTED', detail: `The STUN server ${where} answered with error ${reply.code} ${reply.reason}.` };
  const ours = socket.local;
  const mine = showEndpoint(ours.address, ours.port);
  const publicAt = showEndpoint(reply.mapped.address, reply.mapped.port);
  const facts = { 'local address': mine, 'public address': publicAt, 'STUN server': where };
  if (reply.mapped.address === ours.address && reply.mapped.port === ours.port) {
    return { status: 'pass', detail: `No NAT: the STUN server sees you at your own address ${publicAt}.`, facts };
  }
  const portChanged = reply.mapped.port !== ours.port;
  const detail = `NAT is in the way: you are ${mine} here and ${publicAt} on the Internet${portChanged ? ' (the port changes too)' : ''}.`;
  if (ctx.input.account.transport === 'udp') {
    return { status: 'warn', detail: `${detail} Over UDP, calls may have one-way or no audio; Dialtone uses rport and keep-alives, and TCP or TLS avoid most NAT trouble.`, facts };
  }
  return { status: 'pass', detail: `${detail} The account uses ${ctx.input.account.transport.toUpperCase()}, which keeps its connection open through NAT.`, facts };
}

/** The STUN check. */
export const stunCheck: CheckUnit = { id: 'stun', title: 'Public address (STUN)', timeoutMs: 4000, run };
