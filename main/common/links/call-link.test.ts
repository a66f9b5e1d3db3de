import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findCallLink, parseCallLink, parseDialInput, type CallLink, type CallLinkError } from './call-link';

/** Links as they appear on real web pages, in e-mail signatures, CRMs and PBX portals. */
const accepted: ReadonlyArray<readonly [string, Partial<CallLink>]> = [
  ['tel:+15551234567', { scheme: 'tel', target: '+15551234567', global: true }],
  ['tel:+1-555-123-4567', { target: '+15551234567', display: '+15551234567' }],
  ['tel:+1 (555) 123.4567', { target: '+15551234567' }],
  ['tel:+1%20555%20123%204567', { target: '+15551234567' }],
  ['TEL:+44-20-7946-0000', { scheme: 'tel', target: '+442079460000' }],
  ['tel://+4930123456', { target: '+4930123456' }],
  ['tel:+1-201-555-0123;ext=1234', { target: '+12015550123', extension: '1234', display: '+12015550123 ext. 1234' }],
  ['tel:+1-201-555-0123;EXT=12', { extension: '12' }],
  ['tel:7042;phone-context=example.com', { target: '7042', global: false }],
  ['tel:863-1234;phone-context=+1-914-555', { target: '+19145558631234', global: true }],
  ['tel:*21#', { target: '*21#', global: false }],
  ['tel:0800 123 456', { target: '0800123456', global: false }],
  ['tel:+15551234567;isub=12;foo=bar', { target: '+15551234567', dropped: [';isub', ';foo'] }],
  ['tel:+15551234567;phone-context=example.com', { target: '+15551234567', dropped: [';phone-context'] }],
  ['sip:alice@example.com', { scheme: 'sip', target: 'sip:alice@example.com', display: 'sip:alice@example.com' }],
  ['SIP:Alice@EXAMPLE.com', { target: 'sip:Alice@example.com' }],
  ['sips:bob@pbx.example.org:5061', { scheme: 'sips', target: 'sips:bob@pbx.example.org:5061' }],
  ['sip:+15551234567@gw.example.net;user=phone', { target: 'sip:+15551234567@gw.example.net;user=phone' }],
  ['sip:1001@192.168.1.10:5060;transport=TCP', { target: 'sip:1001@192.168.1.10:5060;transport=tcp' }],
  ['sip:alice@[2001:db8::1]:5070', { target: 'sip:alice@[2001:db8::1]:5070' }],
  ['sip:conference.example.com', { target: 'sip:conference.example.com' }],
  ['sip:alice@example.com?subject=hello&priority=urgent', { target: 'sip:alice@example.com', dropped: ['header subject', 'header priority'] }],
  ['sip:alice@example.com;maddr=evil.example;lr', { target: 'sip:alice@example.com', dropped: [';maddr', ';lr'] }],
  ['sip:j.doe%2Bwork@example.com', { target: 'sip:j.doe+work@example.com' }],
  ['callto:+15551234567', { scheme: 'callto', target: '+15551234567', global: true }],
  ['callto://+1-555-123-4567/', { scheme: 'callto', target: '+15551234567' }],
  ['callto:echo123', { scheme: 'callto', target: 'echo123' }],
  ['callto:alice@example.com', { scheme: 'callto', target: 'sip:alice@example.com' }],
  ['  tel:+15551234567  ', { target: '+15551234567' }],
];

/** Links that must be refused, many of them hostile. */
const refused: ReadonlyArray<readonly [string, CallLinkError['reason']]> = [
  ['http://example.com/', 'not-a-call-link'],
  ['https://evil.example/tel:+1555', 'not-a-call-link'],
  ['javascript:alert(1)//tel:+1555', 'not-a-call-link'],
  ['file:///etc/passwd', 'not-a-call-link'],
  ['mailto:alice@example.com', 'not-a-call-link'],
  ['ms-settings:defaultapps', 'not-a-call-link'],
  ['+15551234567', 'not-a-call-link'],
  ['', 'not-a-call-link'],
  ['tel:', 'malformed'],
  ['tel:xyz', 'malformed'],
  ['tel:+1555<script>', 'malformed'],
  ['tel:+', 'malformed'],
  ['tel:+1555%ZZ', 'malformed'],
  ['tel:+1555%E0%A4%A', 'malformed'],
  ['tel:+15551234567;ext=12a', 'malformed'],
  ['tel:+15551234567;ext=1;ext=2', 'malformed'],
  ['tel:123;phone-context=+1-abc', 'malformed'],
  ['tel:123;phone-context=not a domain!', 'malformed'],
  ['tel:+15551234567%0d%0aVia: SIP/2.0/UDP evil', 'unsafe'],
  ['sip:alice@example.com%0D%0AContact:%20<sip:evil@evil>', 'unsafe'],
  ['sip:alice@example.com\r\nSubject: x', 'unsafe'],
  ['sip:alice@example.com\u0000', 'unsafe'],
  ['tel:+1555\u2028', 'unsafe'],
  ['sip:alice:secret@example.com', 'unsafe'],
  ['sip:@example.com', 'malformed'],
  ['sip:alice@', 'malformed'],
  ['sip:alice@exa mple.com', 'malformed'],
  ['sip:alice@999.1.1.1', 'malformed'],
  ['sip:alice@example.com:70000', 'malformed'],
  ['sip:alice%40evil.com@example.com', 'malformed'],
  ['sip:<alice>@example.com', 'malformed'],
  ['callto:!!!', 'malformed'],
  [`tel:+1${'5'.repeat(30)}`, 'malformed'],
  [`sip:${'a'.repeat(300)}@example.com`, 'too-long'],
  [`tel:+1555${'-'.repeat(3000)}`, 'too-long'],
];

for (const [input, expected] of accepted) {
  test(`accepts ${JSON.stringify(input)}`, () => {
    const r = parseCallLink(input);
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(r.link[key as keyof CallLink], value, `${key} of ${input}`);
    }
    if (expected.dropped === undefined) assert.deepEqual(r.link.dropped, []);
    assert.ok(r.link.target.length <= 256);
  });
}

for (const [input, reason] of refused) {
  test(`refuses ${JSON.stringify(input.slice(0, 60))} as ${reason}`, () => {
    const r = parseCallLink(input);
    assert.equal(r.ok, false, `accepted: ${r.ok ? r.link.target : ''}`);
    assert.equal(r.error.reason, reason, r.error.message);
    assert.ok(r.error.message.length > 0);
    assert.ok(!/[\r\n]/.test(r.error.message), 'the message must not echo control characters');
  });
}

test('findCallLink scans all of argv, whatever Electron adds around the link', () => {
  assert.equal(findCallLink(['/opt/Dialtone/dialtone', '--original-process-start-time=1', 'tel:+1555', '--allow-file-access-from-files']), 'tel:+1555');
  assert.equal(findCallLink(['dialtone', '.', '--', 'SIPS:bob@example.com']), 'SIPS:bob@example.com');
  assert.equal(findCallLink(['dialtone', '--dial', '+1555', 'https://x']), undefined);
  assert.equal(findCallLink(['dialtone', `tel:${'1'.repeat(5000)}`]), undefined);
});

test('parseDialInput takes pasted numbers, SIP addresses and links, and nothing else', () => {
  const target = (s: string): string | undefined => {
    const r = parseDialInput(s);
    return r.ok ? r.link.target : undefined;
  };
  assert.equal(target(' +1 (555) 123-4567\n'), '+15551234567');
  assert.equal(target('alice@example.com'), 'sip:alice@example.com');
  assert.equal(target('<sip:bob@example.com>'), 'sip:bob@example.com');
  assert.equal(target('tel:+4930123456'), '+4930123456');
  assert.equal(target('0800 123 456'), '0800123456');
  for (const bad of ['hello world', 'https://example.com', '', '   ', 'a@b@c', 'alice@example.com\r\nVia: x']) {
    assert.equal(parseDialInput(bad).ok, false, bad);
  }
});
