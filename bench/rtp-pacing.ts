/**
 * Benchmark: pacing of the RTP sender, Dialtone and baresip in the same run.
 *
 * Each sender calls its own small fake peer written here: a UDP SIP socket that
 * accepts REGISTER (Dialtone only dials from a registered account), answers INVITE with 200 OK and a static SDP (PCMU/8000, ptime 20, RTP to a
 * port of ours) and BYE with 200 OK. The peer's RTP port is a tiny C receiver
 * (compiled with `cc` at run time) that asks the kernel for the arrival time of
 * every datagram (SO_TIMESTAMPNS, so the receiver's own scheduling does not
 * count), echoes the datagram back (symmetric RTP, so each side also has
 * incoming media to decode) and prints the timestamps. No SRTP: the peer does
 * not decrypt, and the send path timing is what is measured.
 *
 * Both calls run at the same time: Dialtone headless (`node --import tsx
 * main/electron/cli/headless.ts`, `--audio-in` a tone WAV) and baresip (aufile
 * tone, no audio player). Two phases in the same calls:
 *  - idle: nothing else runs on the machine;
 *  - busy: N busy-loop `node` processes (default: one per CPU + 1) load every
 *    core. The Dialtone main thread itself is not made busy (that cannot be
 *    done from outside); this is machine load, shared by both senders.
 * For every consecutive pair of packets of the sender's SSRC: interval − 20 ms;
 * reported as mean |dev|, p50, p99, max |dev| (and the mean interval).
 *
 * Run: `node --import tsx bench/rtp-pacing.ts [phaseSeconds=20] [hogs]`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeToneWav } from '../test/lab/audio';
import { startBaresip } from '../test/lab/baresip';
import { findFreePort } from '../test/lab/ports';
import { makeWorkDir } from '../test/lab/workdir';
import { dataOf, mean, quantile, sleep, spawnHeadless, startCpuHogs } from './support';

const phaseS = Number(process.argv[2] ?? 20);
const hogCount = Number(process.argv[3] ?? cpus().length + 1);
const settleS = 3;

const receiverC = String.raw`
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
/* usage: rtprecv PORT SECONDS. Prints "sec.nsec ssrc seq" per RTP datagram (kernel rx time, CLOCK_REALTIME). */
int main(int argc, char **argv) {
  int port = atoi(argv[1]); int secs = atoi(argv[2]);
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a; memset(&a, 0, sizeof a); a.sin_family = AF_INET; a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) { perror("bind"); return 1; }
  int on = 1; setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
  struct timeval tv = {0, 200000}; setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("ready\n");
  time_t end = time(NULL) + secs;
  unsigned char buf[2048]; char ctrl[512];
  while (time(NULL) < end) {
    struct sockaddr_in from; struct iovec iov = {buf, sizeof buf};
    struct msghdr m; memset(&m, 0, sizeof m);
    m.msg_name = &from; m.msg_namelen = sizeof from; m.msg_iov = &iov; m.msg_iovlen = 1;
    m.msg_control = ctrl; m.msg_controllen = sizeof ctrl;
    ssize_t n = recvmsg(fd, &m, 0);
    if (n < 12) continue;
    struct timespec ts = {0, 0};
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) memcpy(&ts, CMSG_DATA(c), sizeof ts);
    sendto(fd, buf, n, 0, (struct sockaddr *)&from, sizeof from);
    unsigned ssrc = (buf[8] << 24) | (buf[9] << 16) | (buf[10] << 8) | buf[11];
    unsigned seq = (buf[2] << 8) | buf[3];
    printf("%ld.%09ld %u %u %u\n", (long)ts.tv_sec, ts.tv_nsec, ssrc, seq, (unsigned)(buf[1] & 0x7f));
  }
  return 0;
}
`;

interface Arrival {
  readonly t: number; // ms since epoch, kernel rx time
  readonly ssrc: number;
  readonly seq: number;
  readonly pt: number;
}

interface Peer {
  readonly sipPort: number;
  readonly rtpPort: number;
  readonly arrivals: Arrival[];
  readonly receiver: ChildProcess;
  close(): Promise<void>;
}

/** A fake SIP UAS on 127.0.0.1 whose SDP points RTP to the C receiver. */
async function startPeer(bin: string, lifetimeS: number): Promise<Peer> {
  const sipPort = await findFreePort({ proto: 'udp' });
  const rtpPort = await findFreePort({ proto: 'udp', span: 2 });
  const arrivals: Arrival[] = [];
  const receiver = spawn(bin, [String(rtpPort), String(lifetimeS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('rtp receiver did not start')), 5000);
    receiver.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line === 'ready') {
          clearTimeout(timer);
          resolve();
          continue;
        }
        const [t, ssrc, seq, pt] = line.split(' ');
        arrivals.push({ t: Number(t) * 1000, ssrc: Number(ssrc), seq: Number(seq), pt: Number(pt) });
      }
    });
  });
  await ready;
  const sock: Socket = createSocket('udp4');
  sock.on('message', (msg, from) => {
    const text = msg.toString('utf8');
    if (text.startsWith('SIP/2.0')) return;
    const head = text.slice(0, text.indexOf('\r\n\r\n'));
    const lines = head.split('\r\n');
    const method = (lines[0] ?? '').split(' ')[0] ?? '';
    if (method === 'ACK') return;
    const copy = lines.filter((l) => /^(via|v|from|f|call-id|i|cseq)\s*:/i.test(l));
    const to = lines.find((l) => /^(to|t)\s*:/i.test(l)) ?? '';
    const toTagged = /;\s*tag=/i.test(to) ? to : `${to};tag=pacingpeer`;
    let body = '';
    if (method === 'INVITE') {
      body = ['v=0', `o=peer 1 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${rtpPort} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', 'a=ptime:20', 'a=sendrecv', ''].join('\r\n');
    }
    const reply = [
      'SIP/2.0 200 OK',
      ...copy,
      toTagged,
      ...(method === 'REGISTER'
        ? [`${(lines.find((l) => /^(contact|m)\s*:/i.test(l)) ?? 'Contact: *').replace(/;\s*expires=\d+/i, '')};expires=300`]
        : [`Contact: <sip:peer@127.0.0.1:${sipPort}>`]),
      ...(body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${Buffer.byteLength(body)}`,
      '',
      body,
    ].join('\r\n');
    sock.send(reply, from.port, from.address);
  });
  await new Promise<void>((r) => sock.bind(sipPort, '127.0.0.1', () => r()));
  return {
    sipPort,
    rtpPort,
    arrivals,
    receiver,
    close: async () => {
      await new Promise<void>((r) => sock.close(() => r()));
      if (receiver.exitCode === null && receiver.signalCode === null) {
        const gone = new Promise<void>((r) => receiver.once('exit', () => r()));
        receiver.kill('SIGKILL');
        await gone;
      }
    },
  };
}

interface Summary {
  n: number;
  meanInterval: number;
  meanAbs: number;
  p50: number;
  p99: number;
  max: number;
  gaps: number;
}

/** Deviation of each interval from 20 ms, for the dominant SSRC, arrivals in [from, to). */
function summarise(arrivals: readonly Arrival[], from: number, to: number): Summary {
  const inWin = arrivals.filter((a) => a.t >= from && a.t < to && a.pt === 0);
  const counts = new Map<number, number>();
  for (const a of inWin) counts.set(a.ssrc, (counts.get(a.ssrc) ?? 0) + 1);
  const ssrc = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const pk = inWin.filter((a) => a.ssrc === ssrc);
  const intervals: number[] = [];
  let gaps = 0;
  for (let i = 1; i < pk.length; i++) {
    const prev = pk[i - 1];
    const cur = pk[i];
    if (!prev || !cur) continue;
    if (((cur.seq - prev.seq) & 0xffff) !== 1) {
      gaps++;
      continue;
    }
    intervals.push(cur.t - prev.t);
  }
  const abs = intervals.map((x) => Math.abs(x - 20));
  return { n: intervals.length, meanInterval: mean(intervals), meanAbs: mean(abs), p50: quantile(abs, 0.5), p99: quantile(abs, 0.99), max: Math.max(...abs), gaps };
}

async function main(): Promise<void> {
  const dir = makeWorkDir('bench-rtp-pacing');
  const bin = join(dir, 'rtprecv');
  writeFileSync(join(dir, 'rtprecv.c'), receiverC);
  execFileSync('cc', ['-O2', '-o', bin, join(dir, 'rtprecv.c')], { timeout: 30000 });
  const lifetime = settleS + 2 * phaseS + 60;
  const tone = await makeToneWav(join(dir, 'tone-440-48k.wav'), { freq: 440, seconds: lifetime, rate: 48000 });

  const dPeer = await startPeer(bin, lifetime);
  const bPeer = await startPeer(bin, lifetime);
  const acc = join(dir, 'alice.json');
  writeFileSync(acc, JSON.stringify({ aor: 'sip:alice@127.0.0.1', username: 'alice', server: `127.0.0.1:${dPeer.sipPort}`, transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: true }));
  const h = spawnHeadless(['--account', acc, '--audio-in', tone, '--audio-out', join(dir, 'heard.wav')], { DIALTONE_PASSWORD: 'x' });
  const bare = await startBaresip({ user: 'dave', toneWav: tone, codecs: ['PCMU/8000/1'], autoAnswer: false });
  let stopHogs: (() => Promise<void>) | undefined;
  const results: Array<{ who: string; phase: string; s: Summary }> = [];
  try {
    await h.waitFor((l) => l['event'] === 'registration.changed' && dataOf(l)['state'] === 'registered', 20000, 'registration');
    const dial = await h.request('call.dial', { target: `sip:bob@127.0.0.1:${dPeer.sipPort}` }, 20000);
    if (dial['ok'] !== true) throw new Error(`call.dial failed: ${JSON.stringify(dial)}\n${h.stderr().slice(-3000)}`);
    const callId = String(dataOf(dial)['callId']);
    await h.waitFor((l) => l['event'] === 'call.updated' && dataOf(l)['callId'] === callId && dataOf(l)['state'] === 'active', 15000, 'active call');
    const bc = bare.eventCursor();
    await bare.command('dial', `sip:peer@127.0.0.1:${bPeer.sipPort}`);
    await bare.waitForEvent('CALL_ESTABLISHED', 15000, { since: bc });

    await sleep(settleS * 1000);
    const idleFrom = Date.now();
    await sleep(phaseS * 1000);
    const idleTo = Date.now();
    stopHogs = startCpuHogs(hogCount, phaseS + 5);
    await sleep(1000);
    const busyFrom = Date.now();
    await sleep(phaseS * 1000);
    const busyTo = Date.now();
    await stopHogs();
    stopHogs = undefined;
    await sleep(300);

    for (const [who, peer] of [
      ['Dialtone headless (node+tsx)', dPeer],
      ['baresip 1.0.0', bPeer],
    ] as const) {
      results.push({ who, phase: 'idle machine', s: summarise(peer.arrivals, idleFrom, idleTo) });
      results.push({ who, phase: `busy machine (${hogCount} busy-loop processes on ${cpus().length} CPUs)`, s: summarise(peer.arrivals, busyFrom, busyTo) });
    }
    const stats = h.lines.filter((l) => l['event'] === 'call.stats' && dataOf(l)['callId'] === callId).at(-1);
    if (stats) console.error(`Dialtone last call.stats: ${JSON.stringify(dataOf(stats))}`);
    await h.request('call.hangup', { callId }).catch(() => undefined);
    await bare.command('hangup').catch(() => undefined);
    await sleep(500);
  } finally {
    if (stopHogs) await stopHogs();
    await h.stop();
    await bare.stop();
    await dPeer.close();
    await bPeer.close();
  }

  console.log(`\nRTP send-interval deviation from 20 ms (kernel arrival time at the peer; ${phaseS} s per phase; ${new Date().toISOString()}), ms:\n`);
  console.log('| sender | machine | intervals | mean interval | mean abs dev | p50 abs dev | p99 abs dev | max abs dev | seq gaps |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const s = r.s;
    console.log(`| ${r.who} | ${r.phase} | ${s.n} | ${s.meanInterval.toFixed(3)} | ${s.meanAbs.toFixed(3)} | ${s.p50.toFixed(3)} | ${s.p99.toFixed(3)} | ${s.max.toFixed(3)} | ${s.gaps} |`);
  }
}

await main();
process.exit(0);
