import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixRegisterExpires } from './register-fixups';

const ok = (contact: string, expires = 'Expires: 60\r\n'): string =>
  `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\nCSeq: 2 REGISTER\r\n${contact}${expires}Content-Length: 0\r\n\r\n`;

test('a Contact without expires gets the Expires header value', () => {
  const out = fixRegisterExpires(ok('Contact: <sip:abc@127.0.0.1:40000;transport=udp>\r\n'));
  assert.match(out, /Contact: <sip:abc@127\.0\.0\.1:40000;transport=udp>;expires=60\r\n/);
});

test('existing expires params, other Contacts and URI params are respected', () => {
  const out = fixRegisterExpires(ok('Contact: <sip:a@h;expires=5>, "x, y" <sip:b@h>;expires=30, <sip:c@h>\r\n'));
  assert.match(out, /Contact: <sip:a@h;expires=5>;expires=60, "x, y" <sip:b@h>;expires=30, <sip:c@h>;expires=60\r\n/);
});

test('other responses and requests are left alone', () => {
  const invite200 = ok('Contact: <sip:a@h>\r\n').replace('2 REGISTER', '2 INVITE');
  assert.equal(fixRegisterExpires(invite200), invite200);
  const noHeader = ok('Contact: <sip:a@h>\r\n', '');
  assert.equal(fixRegisterExpires(noHeader), noHeader);
  const challenge = ok('Contact: <sip:a@h>\r\n').replace('200 OK', '401 Unauthorized');
  assert.equal(fixRegisterExpires(challenge), challenge);
});
