import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceEntry } from './trace-buffer';
import { checksum, traceToPcap } from './trace-pcap';

const REGISTER = 'REGISTER sip:example.com SIP/2.0\r\nCall-ID: a1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n';
const OK = 'SIP/2.0 200 OK\r\nCall-ID: a1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n';

function entry(over: Partial<TraceEntry>): TraceEntry {
  return {
    id: 1,
    time: 1_764_000_000_123.456,
    accountId: 'alice@example.com',
    direction: 'sent',
    transport: 'udp',
    local: { address: '192.168.1.20', port: 40000 },
    peer: { address: '203.0.113.5', port: 5060 },
    callId: 'a1',
    summary: '',
    method: 'REGISTER',
    text: REGISTER,
    ...over,
  };
}

interface Record {
  readonly sec: number;
  readonly usec: number;
  readonly data: Buffer;
}

/** Reads a classic little-endian pcap back. */
function read(file: Uint8Array): { linkType: number; records: Record[] } {
  const b = Buffer.from(file);
  assert.equal(b.readUInt32LE(0), 0xa1b2c3d4, 'magic (microsecond, little-endian)');
  assert.deepEqual([b.readUInt16LE(4), b.readUInt16LE(6)], [2, 4]);
  const records: Record[] = [];
  let o = 24;
  while (o < b.length) {
    const len = b.readUInt32LE(o + 8);
    assert.equal(b.readUInt32LE(o + 12), len);
    records.push({ sec: b.readUInt32LE(o), usec: b.readUInt32LE(o + 4), data: b.subarray(o + 16, o + 16 + len) });
    o += 16 + len;
  }
  assert.equal(o, b.length, 'records end exactly at the end of the file');
  return { linkType: b.readUInt32LE(20), records };
}

test('IPv4: one datagram per message, sender to receiver, with valid IP and UDP checksums and the exact text', () => {
  const { linkType, records } = read(traceToPcap([entry({}), entry({ id: 2, direction: 'received', text: OK, time: 1_764_000_000_250 })]));
  assert.equal(linkType, 101);
  assert.equal(records.length, 2);
  const [sent, got] = records.map((r) => r.data);
  assert.ok(sent && got);
  // IPv4 header: version 4, IHL 5, protocol UDP, total length, valid checksum.
  assert.equal(sent[0], 0x45);
  assert.equal(sent[9], 17);
  assert.equal(sent.readUInt16BE(2), sent.length);
  assert.equal(checksum(sent.subarray(0, 20)), 0, 'IPv4 header checksum');
  assert.equal([...sent.subarray(12, 16)].join('.'), '192.168.1.20');
  assert.equal([...sent.subarray(16, 20)].join('.'), '203.0.113.5');
  assert.deepEqual([sent.readUInt16BE(20), sent.readUInt16BE(22), sent.readUInt16BE(24)], [40000, 5060, 8 + REGISTER.length]);
  const pseudo = Buffer.concat([sent.subarray(12, 20), Buffer.from([0, 17]), sent.subarray(24, 26)]);
  assert.equal(checksum(pseudo, sent.subarray(20)), 0, 'UDP checksum over the pseudo-header');
  assert.equal(sent.subarray(28).toString('utf8'), REGISTER);
  // The received message goes from the peer to us.
  assert.equal([...got.subarray(12, 16)].join('.'), '203.0.113.5');
  assert.deepEqual([got.readUInt16BE(20), got.readUInt16BE(22)], [5060, 40000]);
  assert.equal(got.subarray(28).toString('utf8'), OK);
  assert.deepEqual([records[0]?.sec, records[0]?.usec, records[1]?.usec], [1_764_000_000, 123_456, 250_000]);
});

test('IPv6 and IPv4-mapped: 40-byte header, addresses expanded, checksum valid', () => {
  const { records } = read(traceToPcap([entry({ transport: 'tls', local: { address: '2001:db8::5', port: 5061 }, peer: { address: '::ffff:198.51.100.7', port: 5061 } })]));
  const p = records[0]?.data;
  assert.ok(p);
  assert.equal((p[0] ?? 0) >> 4, 6);
  assert.equal(p[6], 17);
  assert.equal(p.readUInt16BE(4), p.length - 40, 'payload length');
  assert.equal(p.subarray(8, 24).toString('hex'), '20010db8000000000000000000000005');
  assert.equal(p.subarray(24, 40).toString('hex'), '00000000000000000000ffffc6336407');
  const pseudo = Buffer.concat([p.subarray(8, 40), Buffer.from([0, 0]), p.subarray(44, 46), Buffer.from([0, 0, 0, 17])]);
  assert.equal(checksum(pseudo, p.subarray(40)), 0, 'UDP checksum over the IPv6 pseudo-header');
  assert.equal(p.subarray(48).toString('utf8'), REGISTER);
});

test('an empty trace is a valid empty capture, and a message longer than a datagram is cut to fit', () => {
  assert.equal(traceToPcap([]).length, 24);
  const long = `MESSAGE sip:x SIP/2.0\r\n\r\n${'x'.repeat(70_000)}`;
  const { records } = read(traceToPcap([entry({ transport: 'tcp', text: long })]));
  const p = records[0]?.data;
  assert.ok(p);
  assert.equal(p.length, 0xffff);
  assert.equal(p.readUInt16BE(2), 0xffff);
  assert.equal(checksum(p.subarray(0, 20)), 0);
});

test('the Internet checksum matches RFC 1071 examples', () => {
  // RFC 1071 §3: the sum of 00 01 f2 03 f4 f5 f6 f7 is ddf2, so the checksum is 220d.
  assert.equal(checksum(Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7)), 0x220d);
  // Odd lengths pad with zero, also across parts.
  assert.equal(checksum(Uint8Array.of(0x00, 0x01, 0xf2), Uint8Array.of(0x03, 0xf4, 0xf5, 0xf6, 0xf7)), 0x220d);
  assert.equal(checksum(Uint8Array.of(0x12)), ~0x1200 & 0xffff);
});
