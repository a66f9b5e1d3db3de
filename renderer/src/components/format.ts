/** Small display helpers shared by the views. */

/** The user part of a SIP URI (`sip:bob@host;x` → `bob`), or the text itself. */
export function uriUser(uri: string): string {
  const m = /^(?:"?([^"<]*)"?\s*<)?\s*(?:sips?:|tel:)?([^@;>]+)/i.exec(uri.trim());
  const name = m?.[1]?.trim();
  if (name) return name;
  return m?.[2] ?? uri;
}

/** The URI without scheme and parameters (`sip:bob@host:5060;transport=udp` → `bob@host:5060`). */
export function uriAddress(uri: string): string {
  const inner = /<([^>]+)>/.exec(uri)?.[1] ?? uri;
  return inner.replace(/^(sips?|tel):/i, '').split(';')[0] ?? inner;
}

/** `m:ss`, or `h:mm:ss` after an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** `14:02:07.123` in local time. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
