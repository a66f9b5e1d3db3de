/**
 * The SIP trace as a pcap file, for Wireshark, sngrep or a provider's
 * support desk: each stored message becomes one IPv4 or IPv6 UDP datagram
 * between its real local and peer addresses and ports, at the time it was
 * traced. Messages that travelled over TCP or TLS are written as UDP
 * datagrams too, and decrypted: the trace holds whole messages, not the
 * stream's segments, and a SIP dissector reads a datagram with no stream
 * reassembly (Wireshark picks SIP by port 5060 or by its SIP heuristic). The
 * redaction the trace already applied stays: no password or digest response
 * reaches the file.
 *
 * Hand-written rather than a pcap package. The npm pcap writers found
 * (pcap-scribe, node_pcap) are native libpcap addons, a native dependency
 * for a 24-byte file header plus 16 bytes per record. The IP and UDP headers,
 * with their checksums, are a few lines each. The IPv6 literal parser is
 * hand-written too, because Node has no `inet_pton`.
 *
 * Format: the classic libpcap file (microsecond timestamps), link type 101
 * (raw IP: each record starts with the IP header).
 */
import { isIP } from 'node:net';
import type { TraceEntry } from './trace-buffer';

/** LINKTYPE_RAW: the packet begins with an IPv4 or IPv6 header. */
const LINKTYPE_RAW = 101;
const SNAPLEN = 262_144;
const UDP = 17;

/** The pcap file of `entries`, in their order. */
export function traceToPcap(entries: readonly TraceEntry[]): Uint8Array {
  const packets = entries.map(toPacket);
  const size = 24 + packets.reduce((n, p) => n + 16 + p.length, 0);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(0xa1b2c3d4, 0);
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeInt32LE(0, 8); // thiszone: timestamps are UTC
  out.writeUInt32LE(0, 12); // sigfigs
  out.writeUInt32LE(SNAPLEN, 16);
  out.writeUInt32LE(LINKTYPE_RAW, 20);
  let o = 24;
  entries.forEach((e, i) => {
    const p = packets[i] ?? new Uint8Array(0);
    const ms = Math.max(0, e.time);
    out.writeUInt32LE(Math.floor(ms / 1000) >>> 0, o);
    out.writeUInt32LE(Math.round((ms % 1000) * 1000), o + 4);
    out.writeUInt32LE(p.length, o + 8);
    out.writeUInt32LE(p.length, o + 12);
    out.set(p, o + 16);
    o += 16 + p.length;
  });
  return out;
}

/** One message as an IP packet from its sender to its receiver. */
function toPacket(e: TraceEntry): Uint8Array {
  const [from, to] = e.direction === 'sent' ? [e.local, e.peer] : [e.peer, e.local];
  const body = Buffer.from(e.text, 'utf8');
  const v6 = isIP(from.address) === 6 || isIP(to.address) === 6;
  const src = v6 ? ipv6Bytes(from.address) : ipv4Bytes(from.address);
  const dst = v6 ? ipv6Bytes(to.address) : ipv4Bytes(to.address);
  // A datagram's length field is 16 bits: a longer message (only possible over TCP/TLS) is cut to fit, as a capture's snap length would.
  const maxBody = 0xffff - 8 - (v6 ? 0 : 20);
  const payload = body.length > maxBody ? body.subarray(0, maxBody) : body;
  const udp = Buffer.alloc(8 + payload.length);
  udp.writeUInt16BE(from.port & 0xffff, 0);
  udp.writeUInt16BE(to.port & 0xffff, 2);
  udp.writeUInt16BE(udp.length, 4);
  udp.set(payload, 8);
  const pseudo = Buffer.alloc(src.length * 2 + 8);
  pseudo.set(src, 0);
  pseudo.set(dst, src.length);
  pseudo.writeUInt32BE(udp.length, src.length * 2);
  pseudo.writeUInt32BE(UDP, src.length * 2 + 4);
  // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
  udp.writeUInt16BE(checksum(pseudo, udp) || 0xffff, 6);
  if (v6) {
    const ip = Buffer.alloc(40);
    ip.writeUInt32BE(0x6000_0000, 0);
    ip.writeUInt16BE(udp.length, 4);
    ip[6] = UDP;
    ip[7] = 64;
    ip.set(src, 8);
    ip.set(dst, 24);
    return Buffer.concat([ip, udp]);
  }
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(20 + udp.length, 2);
  ip.writeUInt16BE(0x4000, 6); // don't fragment
  ip[8] = 64;
  ip[9] = UDP;
  ip.set(src, 12);
  ip.set(dst, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  return Buffer.concat([ip, udp]);
}

/** The Internet checksum (RFC 1071) over the parts, as if concatenated. */
export function checksum(...parts: readonly Uint8Array[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const part of parts) {
    for (const byte of part) {
      if (odd === undefined) odd = byte;
      else {
        sum += (odd << 8) | byte;
        odd = undefined;
      }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An IPv4 literal as 4 bytes; anything else (a name the trace could not resolve) as 0.0.0.0. */
function ipv4Bytes(address: string): Uint8Array {
  if (isIP(address) !== 4) return new Uint8Array(4);
  return Uint8Array.from(address.split('.').map(Number));
}

/** An IPv6 literal (or an IPv4 one, mapped) as 16 bytes; anything else as ::. */
function ipv6Bytes(address: string): Uint8Array {
  const out = new Uint8Array(16);
  if (isIP(address) === 4) {
    out[10] = 0xff;
    out[11] = 0xff;
    out.set(ipv4Bytes(address), 12);
    return out;
  }
  if (isIP(address) !== 6) return out;
  let text = address.split('%')[0] ?? '';
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    const b = ipv4Bytes(quad[1]);
    text = `${text.slice(0, -quad[1].length)}${(((b[0] ?? 0) << 8) | (b[1] ?? 0)).toString(16)}:${(((b[2] ?? 0) << 8) | (b[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  groups.slice(0, 8).forEach((g, i) => {
    const v = parseInt(g, 16) || 0;
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out;
}
