/*
 * The I/O of one call, and nothing else, in C: a 20 ms send clock paced on
 * its start time (one 172-byte datagram per tick) and a socket that reads
 * whatever the peer sends. `bench/node-floor.ts` builds it with the
 * machine's cc and runs it beside the same program in Node, so the two
 * floors are measured in one run. Linux/POSIX only (a benchmark tool).
 *
 * Usage: io-floor PORT PEER_PORT   (both on 127.0.0.1; runs until killed)
 */
#include <arpa/inet.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000LL + t.tv_nsec / 1000000;
}

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in self = {0};
  self.sin_family = AF_INET;
  self.sin_port = htons((unsigned short)atoi(argv[1]));
  self.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (s < 0 || bind(s, (struct sockaddr *)&self, sizeof self) != 0) return 1;
  struct sockaddr_in peer = self;
  peer.sin_port = htons((unsigned short)atoi(argv[2]));
  char payload[172], in[2048];
  memset(payload, 0x55, sizeof payload);
  write(1, "ready\n", 6);
  long long start = now_ms();
  for (long long tick = 1;;) {
    long long wait = start + tick * 20 - now_ms();
    struct pollfd p = {s, POLLIN, 0};
    if (poll(&p, 1, wait > 0 ? (int)wait : 0) > 0) {
      recv(s, in, sizeof in, 0);
      continue;
    }
    sendto(s, payload, sizeof payload, 0, (struct sockaddr *)&peer, sizeof peer);
    tick++;
  }
}
