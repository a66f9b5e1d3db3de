/**
 * The peer's SDP, parsed with sdp-transform and then checked into a strict
 * model: every number is a number, every attribute is resolved with media-level
 * values taking precedence over session-level ones (RFC 4566 §5), and what
 * cannot be trusted is reported as a typed `malformed` failure.
 *
 * sdp-transform is lenient and loosely typed (a single payload type comes
 * back as a number, an unparsable m= line as an empty object), so its output
 * is read as `unknown`. The m= lines and `a=crypto` lines are read from the
 * raw text (same line split as sdp-transform, so indexes match), which lets
 * us tell a bad port from a missing one and see every crypto session parameter.
 */
import { parse } from 'sdp-transform';
import { identifyFormat, type RemoteFormat, type RtpMap } from './codec-catalog';
import { isMediaDirection, type MediaDirection } from './media-direction';
import { judgeCryptoLine, type RemoteCrypto } from './sdes-crypto';
import { sdpFail, sdpOk, type SdpResult } from './sdp-result';

/** A `c=` line (or the address of `a=rtcp:`), not yet checked to be an IP literal. */
export interface ConnectionAddress {
  readonly family: 'IP4' | 'IP6';
  readonly address: string;
}

/** An `a=rtcp:` attribute (RFC 3605). */
export interface RtcpAttribute {
  readonly port: number;
  /** The address when the attribute names one, else the RTP address applies. */
  readonly connection: ConnectionAddress | undefined;
}

/** One m= section of the peer's SDP, with session-level defaults applied. */
export interface RemoteMedia {
  /** The position of the m= line (0-based); answers keep count and order. */
  readonly index: number;
  /** `audio`, `video`, `image`... */
  readonly type: string;
  /** 0 means the stream is disabled or rejected. */
  readonly port: number;
  /** `RTP/AVP`, `RTP/SAVP`, `RTP/AVPF`, `udptl`... */
  readonly protocol: string;
  /** The format tokens of the m= line, in the author's order of preference. */
  readonly formats: readonly string[];
  /** Media-level `c=`, else session-level, else undefined. */
  readonly connection: ConnectionAddress | undefined;
  readonly rtcp: RtcpAttribute | undefined;
  readonly rtcpMux: boolean;
  /** Media-level direction attribute, else session-level, else `sendrecv`. */
  readonly direction: MediaDirection;
  /** `a=ptime` in ms (media-level, else session-level). */
  readonly ptime: number | undefined;
  readonly maxptime: number | undefined;
  /** First `a=rtpmap` per payload type. */
  readonly rtpmaps: ReadonlyMap<number, RtpMap>;
  /** First `a=fmtp` per payload type, unparsed. */
  readonly fmtps: ReadonlyMap<number, string>;
  /** The section's `a=crypto` lines in order, each judged usable or not. */
  readonly crypto: readonly RemoteCrypto[];
}

/** The `o=` line: kept so that an unchanged version can be recognised (RFC 3264 §8). */
export interface RemoteOrigin {
  readonly username: string;
  readonly sessionId: string;
  /** As text: versions may exceed 2^53. */
  readonly version: string;
  readonly address: string;
}

/** The peer's SDP as a checked model. */
export interface RemoteDescription {
  /** Undefined when the `o=` line is missing or unreadable (tolerated). */
  readonly origin: RemoteOrigin | undefined;
  readonly media: readonly RemoteMedia[];
}

/** Larger bodies are refused: an SDP for a call is a few hundred bytes. */
export const MAX_SDP_LENGTH = 65536;

type Loose = Readonly<Record<string, unknown>>;

function asObject(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined;
}

function asList(value: unknown): readonly Loose[] {
  if (!Array.isArray(value)) return [];
  const out: Loose[] = [];
  for (const item of value as readonly unknown[]) {
    const o = asObject(item);
    if (o) out.push(o);
  }
  return out;
}

function asInt(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function asPositive(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 10000 ? n : undefined;
}

function readConnection(value: unknown): ConnectionAddress | undefined {
  const c = asObject(value);
  if (!c) return undefined;
  const version = asInt(c.version);
  const ip = asText(c.ip);
  if ((version !== 4 && version !== 6) || ip === undefined || ip === '') return undefined;
  // A multicast TTL or address count (`224.2.1.1/127`) is not part of the address.
  const address = ip.split('/')[0] ?? '';
  return { family: version === 4 ? 'IP4' : 'IP6', address };
}

function readRtcp(value: unknown): RtcpAttribute | undefined {
  const r = asObject(value);
  if (!r) return undefined;
  const port = asInt(r.port);
  if (port === undefined || port < 1 || port > 65535) return undefined;
  const version = asInt(r.ipVer);
  const address = asText(r.address);
  const connection = (version === 4 || version === 6) && address ? { family: version === 4 ? 'IP4' : 'IP6', address } as const : undefined;
  return { port, connection };
}

function readOrigin(value: unknown): RemoteOrigin | undefined {
  const o = asObject(value);
  if (!o) return undefined;
  const username = asText(o.username);
  const sessionId = asText(o.sessionId);
  const version = asText(o.sessionVersion);
  const address = asText(o.address);
  if (username === undefined || sessionId === undefined || version === undefined || address === undefined) return undefined;
  return { username, sessionId, version, address };
}

function readRtpmaps(media: Loose): Map<number, RtpMap> {
  const maps = new Map<number, RtpMap>();
  for (const r of asList(media.rtp)) {
    const pt = asInt(r.payload);
    const name = asText(r.codec);
    if (pt === undefined || pt > 127 || !name || maps.has(pt)) continue;
    maps.set(pt, { encodingName: name, clockRate: asInt(r.rate), channels: asInt(r.encoding) });
  }
  return maps;
}

function readFmtps(media: Loose): Map<number, string> {
  const fmtps = new Map<number, string>();
  for (const f of asList(media.fmtp)) {
    const pt = asInt(f.payload);
    const config = asText(f.config);
    if (pt === undefined || pt > 127 || config === undefined || fmtps.has(pt)) continue;
    fmtps.set(pt, config);
  }
  return fmtps;
}

interface RawSection {
  readonly mLine: string;
  readonly crypto: RemoteCrypto[];
}

const M_LINE = /^m=([A-Za-z0-9_.-]+)[ \t]+(\d{1,10})(?:\/\d{1,5})?[ \t]+([A-Za-z0-9/_.+-]+)(?:[ \t]+(.*))?$/;

function shorten(line: string): string {
  return JSON.stringify(line.length > 80 ? `${line.slice(0, 77)}...` : line);
}

/**
 * Parses and checks the peer's SDP. Refuses (`malformed`) text that is not
 * SDP (no leading `v=0`), has no m= line, or has an m= line whose media,
 * port (0-65535) or protocol cannot be read. Tolerates unknown attributes,
 * stray lines and a missing `o=`.
 */
export function parseRemoteDescription(text: string): SdpResult<RemoteDescription> {
  if (typeof text !== 'string' || text.trim() === '') return sdpFail('malformed', 'The SDP body is empty.');
  if (text.length > MAX_SDP_LENGTH) return sdpFail('malformed', `The SDP body is ${text.length} characters long, more than ${MAX_SDP_LENGTH}.`);
  const firstLine = text.trimStart().split(/\r\n|\r|\n/, 1)[0] ?? '';
  if (!/^v=0[ \t]*$/.test(firstLine)) {
    return sdpFail('malformed', 'The body is not SDP: it does not start with v=0.');
  }
  const lines = text.split(/\r\n|\r|\n/).filter((l) => /^[a-z]=/.test(l));
  const sections: RawSection[] = [];
  for (const line of lines) {
    if (line.startsWith('m=')) sections.push({ mLine: line, crypto: [] });
    else if (line.startsWith('a=crypto:')) {
      const judged = judgeCryptoLine(line.slice('a=crypto:'.length));
      const current = sections[sections.length - 1];
      if (judged && current) current.crypto.push(judged);
    }
  }
  if (sections.length === 0) return sdpFail('malformed', 'The SDP has no m= line, so it describes no media.');

  const session = asObject(parse(text) as unknown) ?? {};
  const parsedMedia = asList(session.media);
  if (parsedMedia.length !== sections.length) return sdpFail('malformed', 'The SDP m= lines could not be read consistently.');
  const sessionConnection = readConnection(session.connection);
  const sessionDirection = isMediaDirection(session.direction) ? session.direction : undefined;
  const sessionPtime = asPositive(session.ptime);
  const sessionMaxptime = asPositive(session.maxptime);

  const media: RemoteMedia[] = [];
  for (const [index, section] of sections.entries()) {
    const m = M_LINE.exec(section.mLine.trimEnd());
    const parsed = parsedMedia[index] ?? {};
    if (!m) return sdpFail('malformed', `The m= line ${shorten(section.mLine)} cannot be read (media, port, protocol).`);
    const [, type = '', portText = '', protocol = '', formatText = ''] = m;
    const port = Number(portText);
    if (port > 65535) return sdpFail('malformed', `The m= line ${shorten(section.mLine)} has port ${portText}, above 65535.`);
    const direction = isMediaDirection(parsed.direction) ? parsed.direction : (sessionDirection ?? 'sendrecv');
    media.push({
      index,
      type: type.toLowerCase(),
      port,
      protocol,
      formats: formatText.split(/[ \t]+/).filter((f) => f !== ''),
      connection: readConnection(parsed.connection) ?? sessionConnection,
      rtcp: readRtcp(parsed.rtcp),
      rtcpMux: parsed.rtcpMux === 'rtcp-mux',
      direction,
      ptime: asPositive(parsed.ptime) ?? sessionPtime,
      maxptime: asPositive(parsed.maxptime) ?? sessionMaxptime,
      rtpmaps: readRtpmaps(parsed),
      fmtps: readFmtps(parsed),
      crypto: section.crypto,
    });
  }
  return sdpOk({ origin: readOrigin(session.origin), media });
}

/**
 * The payload types of an RTP m-line in the author's order, each recognised
 * (codec, telephone-event or unknown). Tokens that are not payload type
 * numbers, and repeats, are skipped.
 */
export function remoteFormats(media: RemoteMedia): readonly RemoteFormat[] {
  const seen = new Set<number>();
  const out: RemoteFormat[] = [];
  for (const token of media.formats) {
    if (!/^\d{1,3}$/.test(token)) continue;
    const pt = Number(token);
    if (pt > 127 || seen.has(pt)) continue;
    seen.add(pt);
    out.push(identifyFormat(pt, media.rtpmaps.get(pt), media.fmtps.get(pt)));
  }
  return out;
}
