import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import { createNodeSocketFactory } from '../../electron/adapters/node-sockets';
import { openRtpEndpoint, type RtpEndpoint } from './rtp-endpoint';

const sockets = createNodeSocketFactory();
const rtpLike = (n: number): Buffer => Buffer.from([0x80, 0x00, 0, n, 0, 0, 0, 0, 0, 0, 0, 1, n]);
const rtcpLike = (): Buffer => Buffer.from([0x81, 201, 0, 1, 0, 0, 0, 1]);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(): Promise<RtpEndpoint> {
  const r = await openRtpEndpoint(sockets, '127.0.0.1', Math.random);
  assert.ok(r.ok);
  return r.data;
}

test('an even RTP port with RTCP above it; media flows both ways between the negotiated ends', async () => {
  const a = await open();
  const b = await open();
  try {
    assert.equal(a.rtpPort % 2, 0);
    assert.equal(a.rtcpPort, a.rtpPort + 1);
    a.setRemote({ rtp: { address: '127.0.0.1', port: b.rtpPort }, rtcp: { address: '127.0.0.1', port: b.rtcpPort }, latch: false });
    b.setRemote({ rtp: { address: '127.0.0.1', port: a.rtpPort }, rtcp: { address: '127.0.0.1', port: a.rtcpPort }, latch: false });
    const atB: number[] = [];
    const rtcpAtB: number[] = [];
    b.onRtp((p) => atB.push(p[12] ?? -1));
    b.onRtcp((p) => rtcpAtB.push(p[1] ?? -1));
    a.sendRtp(rtpLike(1));
    a.sendRtp(rtpLike(2));
    a.sendRtcp(rtcpLike());
    await wait(100);
    assert.deepEqual(atB, [1, 2]);
    assert.deepEqual(rtcpAtB, [201]);
  } finally {
    a.close();
    b.close();
  }
});

test('packets from any other address are dropped and counted; rtcp-mux RTCP on the RTP port is routed to RTCP', async () => {
  const a = await open();
  const stranger = createSocket('udp4');
  await new Promise<void>((r) => stranger.bind(0, '127.0.0.2', () => r()));
  const peer = createSocket('udp4');
  await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
  try {
    a.setRemote({ rtp: { address: '127.0.0.1', port: peer.address().port }, latch: false });
    const got: string[] = [];
    a.onRtp(() => got.push('rtp'));
    a.onRtcp(() => got.push('rtcp'));
    stranger.send(rtpLike(9), a.rtpPort, '127.0.0.1');
    peer.send(rtpLike(1), a.rtpPort, '127.0.0.1');
    peer.send(rtcpLike(), a.rtpPort, '127.0.0.1');
    await wait(100);
    assert.deepEqual(got, ['rtp', 'rtcp']);
    assert.equal(a.counters.foreignDropped, 1);
  } finally {
    a.close();
    stranger.close();
    peer.close();
  }
});

test('NAT mode latches onto the real source during the first packets only', async () => {
  const a = await open();
  const natted = createSocket('udp4');
  await new Promise<void>((r) => natted.bind(0, '127.0.0.3', () => r()));
  const late = createSocket('udp4');
  await new Promise<void>((r) => late.bind(0, '127.0.0.4', () => r()));
  try {
    a.setRemote({ rtp: { address: '127.0.0.1', port: 40000 }, latch: true });
    const got: number[] = [];
    a.onRtp((p) => got.push(p[12] ?? -1));
    natted.send(rtpLike(1), a.rtpPort, '127.0.0.1');
    await wait(50);
    for (let i = 2; i < 25; i++) natted.send(rtpLike(i), a.rtpPort, '127.0.0.1');
    await wait(100);
    late.send(rtpLike(99), a.rtpPort, '127.0.0.1');
    await wait(50);
    assert.equal(a.counters.latched, 1);
    assert.equal(got.length, 24);
    assert.equal(got.includes(99), false, 'a second source must not steal the stream');
    // Our replies go to where the peer really is.
    const replies: number[] = [];
    natted.on('message', (m) => replies.push(m[12] ?? -1));
    a.sendRtp(rtpLike(7));
    await wait(50);
    assert.deepEqual(replies, [7]);
  } finally {
    a.close();
    natted.close();
    late.close();
  }
});
