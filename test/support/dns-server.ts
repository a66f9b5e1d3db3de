/**
 * A tiny authoritative DNS server on 127.0.0.1 (UDP, random free port) for
 * integration tests: answers NAPTR, SRV, A, AAAA and CNAME from a {@link Zone}
 * in RFC 1035 wire format. Hand-written because no DNS server is installed
 * here (no dnsmasq) and the subset needed is small: one question per query,
 * no compression except the answer owner pointing at the question.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import type { NaptrRecord, SrvRecord } from '../../main/core/ports/dns';
import { failureFor, type Zone, type ZoneEntry, type ZoneRecordType } from './dns-zone';

/** A running server: its port, the questions it received ("TYPE name") and `close`. */
export interface DnsTestServer {
  readonly port: number;
  /** `127.0.0.1:port`, for `servers`. */
  readonly address: string;
  readonly queries: string[];
  close(): Promise<void>;
}

const TYPES: Readonly<Record<number, ZoneRecordType>> = { 1: 'A', 28: 'AAAA', 33: 'SRV', 35: 'NAPTR' };
const TYPE_CODES = { A: 1, CNAME: 5, AAAA: 28, SRV: 33, NAPTR: 35 } as const;
const RCODE = { servfail: 2, nxdomain: 3, refused: 5 } as const;

const u16 = (n: number): Buffer => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u32 = (n: number): Buffer => Buffer.from([(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const text = (s: string): Buffer => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);

/** A domain name as labels ('.' and '' are the root). */
function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l !== '');
  return Buffer.concat([...labels.map(text), Buffer.from([0])]);
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(groups.map((g) => u16(parseInt(g, 16))));
}

function rdata(type: ZoneRecordType, record: unknown): Buffer {
  if (type === 'A') return Buffer.from((record as string).split('.').map(Number));
  if (type === 'AAAA') return ipv6Bytes(record as string);
  if (type === 'SRV') {
    const r = record as SrvRecord;
    return Buffer.concat([u16(r.priority), u16(r.weight), u16(r.port), encodeName(r.name)]);
  }
  const r = record as NaptrRecord;
  return Buffer.concat([u16(r.order), u16(r.preference), text(r.flags), text(r.service), text(r.regexp), encodeName(r.replacement)]);
}

function rr(owner: Buffer, type: number, data: Buffer): Buffer {
  return Buffer.concat([owner, u16(type), u16(1), u32(60), u16(data.length), data]);
}

/** Reads the one question: its raw bytes (echoed back as is), name and type. */
function readQuestion(msg: Buffer): { raw: Buffer; name: string; qtype: number } | undefined {
  if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  for (;;) {
    const len = msg[at];
    if (len === undefined || len > 63) return undefined;
    at += 1;
    if (len === 0) break;
    labels.push(msg.toString('latin1', at, at + len));
    at += len;
  }
  if (at + 4 > msg.length) return undefined;
  return { raw: msg.subarray(12, at + 4), name: labels.join('.').toLowerCase(), qtype: msg.readUInt16BE(at) };
}

/** The answer to a query, or undefined to stay silent. */
function answer(zone: Zone, msg: Buffer): Buffer | undefined {
  const q = readQuestion(msg);
  if (!q) return undefined;
  const type = TYPES[q.qtype];
  const answers: Buffer[] = [];
  let rcode = 0;
  let owner: Buffer = Buffer.from([0xc0, 12]);
  let entry: ZoneEntry | undefined = zone[q.name];
  const failure = type && failureFor(entry, type);
  if (failure === 'drop') return undefined;
  if (failure) rcode = RCODE[failure];
  else if (!entry) rcode = RCODE.nxdomain;
  for (let hops = 0; rcode === 0 && entry?.cname !== undefined && hops < 8; hops += 1) {
    answers.push(rr(owner, TYPE_CODES.CNAME, encodeName(entry.cname)));
    owner = encodeName(entry.cname);
    entry = zone[entry.cname];
  }
  if (rcode === 0 && entry && type) {
    const records = type === 'NAPTR' ? entry.naptr : type === 'SRV' ? entry.srv : type === 'A' ? entry.a : entry.aaaa;
    for (const record of records ?? []) answers.push(rr(owner, TYPE_CODES[type], rdata(type, record)));
  }
  const flags = 0x8000 | (msg.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080 | rcode;
  const header = Buffer.concat([msg.subarray(0, 2), u16(flags), u16(1), u16(answers.length), u16(0), u16(0)]);
  return Buffer.concat([header, q.raw, ...answers]);
}

/** Starts a server for `zone` on 127.0.0.1 and a free random port (never 53). */
export async function startDnsServer(zone: Zone): Promise<DnsTestServer> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    const q = readQuestion(msg);
    if (q) queries.push(`${TYPES[q.qtype] ?? q.qtype} ${q.name}`);
    const reply = answer(zone, msg);
    if (reply) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  return {
    port,
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Settles like `promise`, or rejects after `ms` naming `what`: every wait in the DNS tests is bounded. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A UDP port on 127.0.0.1 that was free a moment ago and is closed now (queries to it are refused). */
export async function closedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A UDP socket on 127.0.0.1 that receives and never answers (a DNS server that times out). */
export async function silentUdpServer(): Promise<{ readonly address: string; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  socket.on('message', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { address: `127.0.0.1:${socket.address().port}`, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
