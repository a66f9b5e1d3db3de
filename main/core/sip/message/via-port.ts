/**
 * sip.js writes its Via without a port and drops responses whose top Via has
 * one (user-agent.ts checks `host === viaHost`). A UDP client on a random port
 * must advertise that port, so the transport adds it on the way out and strips
 * it again from incoming responses before sip.js sees them.
 */

const topViaLine = /^((?:Via|v)[ \t]*:[ \t]*SIP\/2\.0\/[A-Za-z]+[ \t]+)([^\s;:,]+|\[[^\]]+\])(:\d+)?/im;

/** Adds `:port` to the host of the top Via of an outgoing request (once). */
export function addViaPort(message: string, port: number): string {
  return message.replace(topViaLine, (_all, prefix: string, host: string, existing?: string) => `${prefix}${host}${existing ?? `:${port}`}`);
}

/** Removes the port from the host of the top Via of an incoming response. */
export function stripViaPort(message: string): string {
  return message.replace(topViaLine, (_all, prefix: string, host: string) => `${prefix}${host}`);
}
