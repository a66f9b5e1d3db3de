import assert from 'node:assert/strict';
import { test } from 'node:test';
import { naptr } from '../../../../test/support/dns-zone';
import { selectNaptr } from './naptr';

const records = [
  naptr(20, 10, 'SIP+D2U', '_sip._udp.example.com'),
  naptr(10, 20, 'SIPS+D2T', '_sips._tcp.example.com.'),
  naptr(10, 10, 'sip+d2t', '_sip._tcp.example.com'),
  naptr(5, 10, 'SIP+D2S', '_sip._sctp.example.com'),
  naptr(5, 10, 'SIP+D2W', '_sip._ws.example.com'),
  naptr(5, 10, 'SIP+D2U', 'sip.example.com', 'a'),
  { ...naptr(5, 10, 'SIP+D2U', ''), regexp: '!^.*$!sip:x@example.com!' },
];

test('keeps supported SIP services with flag s, by order then preference', () => {
  assert.deepEqual(selectNaptr(records, ['udp', 'tcp', 'tls'], false), [
    { transport: 'tcp', srvName: '_sip._tcp.example.com', order: 10, preference: 10 },
    { transport: 'tls', srvName: '_sips._tcp.example.com', order: 10, preference: 20 },
    { transport: 'udp', srvName: '_sip._udp.example.com', order: 20, preference: 10 },
  ]);
});

test('TLS required keeps only SIPS+D2T; disabled transports are dropped', () => {
  assert.deepEqual(selectNaptr(records, ['udp', 'tcp', 'tls'], true).map((c) => c.transport), ['tls']);
  assert.deepEqual(selectNaptr(records, ['udp'], false).map((c) => c.transport), ['udp']);
  assert.deepEqual(selectNaptr(records, ['tcp', 'udp'], true), []);
});
