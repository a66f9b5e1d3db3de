/**
 * The measuring side of the pacing benchmarks: a fake SIP UAS on loopback
 * (accepts REGISTER, answers INVITE with a static PCMU/8000 ptime 20 SDP and
 * BYE with 200) whose RTP port is a tiny C receiver, compiled at run time,
 * that takes the kernel receive timestamp of every datagram (SO_TIMESTAMPNS,
 * so the measuring process's own scheduling does not count) and echoes it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../test/lab/ports';
import { mean, quantile } from './support';

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

export interface Arrival {
  readonly t: number; // ms since epoch, kernel rx time
  readonly ssrc: number;
  readonly seq: number;
  readonly pt: number;
}

export interface Peer {
  readonly sipPort: number;
  readonly rtpPort: number;
  readonly arrivals: Arrival[];
  readonly receiver: ChildProcess;
  close(): Promise<void>;
}

/** A fake SIP UAS on 127.0.0.1 whose SDP points RTP to the C receiver. */
export async function startPeer(bin: string, lifetimeS: number): Promise<Peer> {
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

export interface Summary {
  n: number;
  meanInterval: number;
  meanAbs: number;
  p50: number;
  p99: number;
  max: number;
  gaps: number;
}

/** Deviation of each interval from 20 ms, for the dominant SSRC, arrivals in [from, to). */
export function summarise(arrivals: readonly Arrival[], from: number, to: number): Summary {
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


/** Compiles the C receiver into `dir`; returns the binary's path. */
export function compileReceiver(dir: string): string {
  const bin = join(dir, 'rtprecv');
  writeFileSync(join(dir, 'rtprecv.c'), receiverC);
  execFileSync('cc', ['-O2', '-o', bin, join(dir, 'rtprecv.c')], { timeout: 30000 });
  return bin;
}

/** Prints results as a Markdown table. */
export function printTable(title: string, results: ReadonlyArray<{ who: string; phase: string; s: Summary }>): void {
  console.log(`\n${title}:\n`);
  console.log('| sender | phase | intervals | mean interval | mean abs dev | p50 abs dev | p99 abs dev | max abs dev | seq gaps |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const s = r.s;
    console.log(`| ${r.who} | ${r.phase} | ${s.n} | ${s.meanInterval.toFixed(3)} | ${s.meanAbs.toFixed(3)} | ${s.p50.toFixed(3)} | ${s.p99.toFixed(3)} | ${s.max.toFixed(3)} | ${s.gaps} |`);
  }
}
