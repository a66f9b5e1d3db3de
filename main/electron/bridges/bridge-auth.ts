/**
 * Checks shared by the bridges that listen on 127.0.0.1: the token compared
 * in constant time, and the Host header (a page on another site that resolves
 * its own name to 127.0.0.1, DNS rebinding, sends its own name as Host).
 */
import { timingSafeEqual } from 'node:crypto';

/** True when `given` equals `token`, compared in constant time. */
export function sameToken(given: string | null | undefined, token: string): boolean {
  if (given === null || given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when `host` (the Host header) names this loopback server: `127.0.0.1:port` or `localhost:port`. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}
