/** Recognises IP literals in a SIP host (`192.0.2.1`, `[2001:db8::1]`, `2001:db8::1`). */
import { isIP } from 'node:net';

/** An IP literal, without brackets, with its family. */
export interface IpLiteral {
  readonly address: string;
  readonly family: 4 | 6;
}

/** The IP literal `host` holds, or undefined when it is a name. */
export function parseIpLiteral(host: string): IpLiteral | undefined {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const family = isIP(bare);
  if (family === 4 && bare === host) return { address: bare, family: 4 };
  if (family === 6) return { address: bare, family: 6 };
  return undefined;
}
