/**
 * Call hooks end to end: a real INVITE whose From display name is hostile
 * (shell metacharacters, quotes, unicode) reaches Dialtone (registered on
 * Kamailio, direct calls allowed, auto-answer); the command hook gets the name
 * as one literal argument and nothing runs, the webhook gets it in its JSON
 * payload, and the call itself is unaffected.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startKamailio } from '../lab/kamailio';
import { startDirectDialtone } from '../support/fuzz-media-peer';

const dir = mkdtempSync(join(tmpdir(), 'dialtone-hook-call-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a hostile caller name from a real INVITE reaches hooks as data, never as code', async (t) => {
  const kam = await startKamailio({ users: [{ username: 'alice', password: 'alice123' }], udpPort: 'random', tlsPort: 'random' });
  const { core, sipPort } = await startDirectDialtone(t, { kamailioPort: kam.udpPort, password: 'alice123' });
  // Registered after the core's own stop, so the core unregisters before Kamailio goes.
  t.after(() => kam.stop());

  const bodies: string[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
  t.after(() => {
    receiver.closeAllConnections();
    receiver.close();
  });
  const out = join(dir, 'argv.json');
  const pwned = join(dir, 'pwned');
  const script = join(dir, 'argv.cjs');
  writeFileSync(script, `require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
  const configured = await core.runtime.router.dispatch('hooks.configure', {
    hooks: {
      webhooks: [{ id: 'crm', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['incoming'], secret: 'a-shared-secret-for-tests' }],
      commands: [{ id: 'notify', program: process.execPath, args: [script, '{name}', '{number}'], events: ['incoming'] }],
    },
  });
  assert.ok(configured.ok, JSON.stringify(configured));

  const hostile = `Eve \\"; touch ${pwned}; $(touch ${pwned}) \`touch ${pwned}\` | & > < ' Zoë 🦊 中文`;
  const socket = createSocket('udp4');
  t.after(() => socket.close());
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const me = socket.address().port;
  const sdp = ['v=0', `o=eve 1 1 IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', `m=audio ${me + 2} RTP/AVP 0`, 'a=rtpmap:0 PCMU/8000', ''].join('\r\n');
  const invite = [
    `INVITE sip:alice@127.0.0.1:${sipPort} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK-hostile-1;rport`,
    'Max-Forwards: 70',
    `From: "${hostile}" <sip:%2B4930999@127.0.0.1>;tag=eve1`,
    'To: <sip:alice@127.0.0.1>',
    'Call-ID: hostile-name-1@127.0.0.1',
    'CSeq: 1 INVITE',
    `Contact: <sip:eve@127.0.0.1:${me}>`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(sdp)}`,
    '',
    sdp,
  ].join('\r\n');
  // A minimal UA: ACK the 200 OK, answer Dialtone's BYE at shutdown, so nothing waits for SIP timers.
  const header = (msg: string, name: string): string => new RegExp(`^${name}:.*$`, 'im').exec(msg)?.[0] ?? '';
  const answered = new Promise<string>((resolve) =>
    socket.on('message', (m) => {
      const msg = m.toString();
      if (msg.startsWith('SIP/2.0 200') && /CSeq: 1 INVITE/i.test(msg)) {
        const ack = [`ACK sip:alice@127.0.0.1:${sipPort} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${me};branch=z9hG4bK-hostile-ack;rport`, 'Max-Forwards: 70', header(msg, 'From'), header(msg, 'To'), header(msg, 'Call-ID'), 'CSeq: 1 ACK', 'Content-Length: 0', '', ''].join('\r\n');
        socket.send(ack, sipPort, '127.0.0.1');
        resolve(msg);
      } else if (msg.startsWith('BYE ')) {
        const vias = msg.split('\r\n').filter((l) => /^Via:/i.test(l));
        const ok = ['SIP/2.0 200 OK', ...vias, header(msg, 'From'), header(msg, 'To'), header(msg, 'Call-ID'), header(msg, 'CSeq'), 'Content-Length: 0', '', ''].join('\r\n');
        socket.send(ok, sipPort, '127.0.0.1');
      }
    }),
  );
  socket.send(invite, sipPort, '127.0.0.1');

  const incoming = await core.waitFor((e) => e.event === 'call.updated' && e.data.direction === 'incoming', 10_000);
  assert.ok(incoming.event === 'call.updated');
  const name = incoming.data.remoteName ?? '';
  assert.match(name, /touch/, `display name not carried: ${JSON.stringify(incoming.data)}`);
  assert.match(name, /Zoë 🦊 中文/);
  // The call goes on regardless of the hooks: auto-answer sends 200 OK.
  const ok200 = await Promise.race([answered, new Promise<string>((_, reject) => setTimeout(() => reject(new Error('no 200 OK')), 10_000))]);
  assert.match(ok200, /CSeq: 1 INVITE/);

  const deadline = Date.now() + 10_000;
  while ((!existsSync(out) || bodies.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const argv = JSON.parse(readFileSync(out, 'utf8')) as string[];
  assert.deepEqual(argv, [name, '+4930999']);
  const payload = JSON.parse(bodies[0] ?? '{}') as { name?: string; number?: string; event?: string };
  assert.equal(payload.event, 'incoming');
  assert.equal(payload.name, name);
  assert.equal(payload.number, '+4930999');
  assert.equal(existsSync(pwned), false, 'the display name ran as a command');
  assert.equal(core.events.some((e) => e.event === 'hooks.failed'), false);
});
