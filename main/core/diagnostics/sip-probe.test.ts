import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentLength, headerValue, topVia } from '../sip/message/sip-text';
import { answersProbe, buildProbeOptions, readProbeEcho, type ProbeRequest } from './sip-probe';

const req: ProbeRequest = {
  transport: 'udp',
  local: { address: '192.168.1.20', port: 40000 },
  serverHost: 'pbx.example.com',
  serverPort: 5060,
  aor: 'sip:alice@example.com',
  branch: 'z9hG4bK-doctor-abc',
  callId: 'doctor-1',
  tag: 't1',
  userAgent: 'Dialtone/1.0',
};

function echo(via: string, extra: string[] = [], body = ''): string {
  return [`SIP/2.0 200 OK`, `Via: ${via}`, 'CSeq: 1 OPTIONS', ...extra, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

test('the OPTIONS carries our Via, Contact and SDP, with a byte Content-Length', () => {
  const text = buildProbeOptions(req);
  assert.match(text, /^OPTIONS sip:pbx\.example\.com:5060 SIP\/2\.0\r\n/);
  assert.deepEqual(topVia(text), { transport: 'UDP', host: '192.168.1.20', port: 40000, branch: 'z9hG4bK-doctor-abc' });
  assert.equal(headerValue(text, 'contact'), '<sip:doctor@192.168.1.20:40000;transport=udp>');
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  assert.equal(contentLength(text), Buffer.byteLength(body));
  assert.match(body, /^c=IN IP4 192\.168\.1\.20$/m);
  assert.match(body, /^m=audio 40002 /m);
  assert.match(buildProbeOptions({ ...req, transport: 'tls' }), /^OPTIONS sips:.*\r\nVia: SIP\/2\.0\/TLS /);
});

test('an unchanged echo shows no rewriting, and reads received/rport and Date', () => {
  const e = readProbeEcho(req, echo('SIP/2.0/UDP 192.168.1.20:40000;branch=z9hG4bK-doctor-abc;rport=61000;received=198.51.100.4', ['Date: Tue, 24 Nov 2026 19:00:00 GMT']));
  assert.deepEqual(e, { status: 200, reason: 'OK', received: '198.51.100.4', rport: 61000, rewritten: [], date: 'Tue, 24 Nov 2026 19:00:00 GMT' });
  assert.ok(answersProbe(echo('SIP/2.0/UDP 192.168.1.20:40000;branch=z9hG4bK-doctor-abc'), req.branch));
  assert.equal(answersProbe(echo('SIP/2.0/UDP 192.168.1.20:40000;branch=z9hG4bK-other'), req.branch), false);
});

test('a rewritten Via, Contact and SDP are each reported', () => {
  const e = readProbeEcho(
    req,
    echo('SIP/2.0/UDP 203.0.113.7:5060;branch=z9hG4bK-doctor-abc', ['Contact: <sip:doctor@203.0.113.7:5060;transport=udp>'], 'v=0\r\nc=IN IP4 203.0.113.7\r\nm=audio 30000 RTP/AVP 0\r\n'),
  );
  assert.equal(e.rewritten.length, 4);
  assert.match(e.rewritten.join('|'), /Via sent-by came back as 203\.0\.113\.7:5060 \(we sent 192\.168\.1\.20:40000\)/);
  assert.match(e.rewritten.join('|'), /Contact came back as 203\.0\.113\.7:5060/);
  assert.match(e.rewritten.join('|'), /SDP address came back as 203\.0\.113\.7/);
  assert.match(e.rewritten.join('|'), /SDP media port came back as 30000/);
});

test('a server Contact (not our echoed one) is not taken for rewriting', () => {
  const e = readProbeEcho(req, echo('SIP/2.0/UDP 192.168.1.20:40000;branch=z9hG4bK-doctor-abc', ['Contact: <sip:pbx.example.com:5060>']));
  assert.deepEqual(e.rewritten, []);
});
