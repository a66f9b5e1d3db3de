/**
 * LD_PRELOAD shim that turns wildcard binds into loopback binds.
 *
 * Some peers bind sockets to the wildcard address with no option to change
 * it: baresip 1.0.0 binds every RTP/RTCP socket to 0.0.0.0 ("we listen on
 * all interfaces" in its stream code) and a DNS client socket to 0.0.0.0 /
 * [::]; linphonec binds its RTP ports to 0.0.0.0. The lab's rule is that
 * peers bind explicit loopback addresses only, so those peers run with this
 * shim preloaded: `bind()` to 0.0.0.0 becomes 127.0.0.1 and `bind()` to
 * [::] becomes [::1]; every other bind is untouched. The shared object is
 * compiled with the system C compiler once per run into the work dir.
 *
 * @module
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runChecked } from './proc';
import { findTool } from './tools';
import { labRoot } from './workdir';

const SOURCE = `/* Dialtone lab: rewrite wildcard bind() to loopback (generated). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  static bind_fn real_bind;
  if (!real_bind) real_bind = (bind_fn)dlsym(RTLD_NEXT, "bind");
  if (addr && addr->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
    struct sockaddr_in in4;
    memcpy(&in4, addr, sizeof in4);
    if (in4.sin_addr.s_addr == htonl(INADDR_ANY)) {
      in4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      return real_bind(fd, (const struct sockaddr *)&in4, sizeof in4);
    }
  } else if (addr && addr->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
    struct sockaddr_in6 in6;
    memcpy(&in6, addr, sizeof in6);
    if (IN6_IS_ADDR_UNSPECIFIED(&in6.sin6_addr)) {
      in6.sin6_addr = in6addr_loopback;
      return real_bind(fd, (const struct sockaddr *)&in6, sizeof in6);
    }
  }
  return real_bind(fd, addr, len);
}
`;

let built: Promise<string> | undefined;

/**
 * Path of the compiled shim (built on first call, then cached for the run).
 * Throws a clear Error if no C compiler is installed (Debian: build-essential).
 */
export function loopbackBindLibrary(): Promise<string> {
  built ??= (async () => {
    const cc = findTool('cc') ?? findTool('gcc');
    if (!cc) throw new Error("lab: no C compiler ('cc') to build the loopback bind shim; install build-essential");
    const dir = join(labRoot(), 'preload');
    mkdirSync(dir, { recursive: true });
    const src = join(dir, 'bind-loopback.c');
    const lib = join(dir, 'bind-loopback.so');
    writeFileSync(src, SOURCE);
    await runChecked(cc, ['-shared', '-fPIC', '-O2', '-Wall', '-o', lib, src, '-ldl'], { timeoutMs: 60_000, cwd: dir });
    return lib;
  })();
  return built;
}

/**
 * `env` with the shim added to LD_PRELOAD (kept in front of any existing
 * entries), for starting a peer that would otherwise bind wildcard addresses.
 */
export async function withLoopbackBind(env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const lib = await loopbackBindLibrary();
  const existing = env['LD_PRELOAD'];
  return { ...env, LD_PRELOAD: existing ? `${lib}:${existing}` : lib };
}
