/** The pure helpers behind the views: dial-field clean-up, the account form, the trace ladder, call labels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccountView, CallView, TraceEntryView } from '../../main/common/ipc/contract';
import { formatDuration, uriAddress, uriUser } from '../../renderer/src/components/format';
import { nextStep } from '../../renderer/src/components/guide';
import { callStateLabel, isUnansweredIncoming, lossPercent, qualityBand } from '../../renderer/src/features/calls/call-labels';
import { cleanDialTarget } from '../../renderer/src/features/dialpad/clean-target';
import { formValuesFrom, moveCodec, toAccountConfig } from '../../renderer/src/features/settings/account-form-model';
import { arrowLabel, buildLadder, groupDialogs } from '../../renderer/src/features/trace/trace-model';

test('pasted numbers and addresses are cleaned up', () => {
  const cases: Array<[string, string]> = [
    ['+1 (555) 123-4567', '+15551234567'],
    [' 030 / 123 45 67 ', '0301234567'],
    ['\u202a+44\u00a020\u20117946\u00a00958\u202c', '+442079460958'],
    ['tel:+1-555-0100;ext=12', '+15550100'],
    ['callto://+4930123', '+4930123'],
    ['1-800-FLOWERS', '18003569377'],
    ['"Bob Smith" <sip:bob@pbx.example.com>', 'sip:bob@pbx.example.com'],
    [' sip:alice@example.com ', 'sip:alice@example.com'],
    ['bob@example.com', 'bob@example.com'],
    ['*72#', '*72#'],
    ['bob', 'bob'],
    ['', ''],
  ];
  for (const [input, want] of cases) assert.equal(cleanDialTarget(input), want, JSON.stringify(input));
});

const view: AccountView = {
  id: 'alice@pbx', aor: 'sip:alice@pbx', server: 'pbx:5061', transport: 'tls', srtp: 'required', registration: { state: 'registered' },
  username: 'a1', codecs: ['pcma', 'opus'], register: true, tlsCaFile: '/ca.pem',
};

test('the account form round-trips an account, keeping codec order and never holding a password', () => {
  const values = formValuesFrom(view);
  assert.equal(values.password, '');
  assert.deepEqual(values.codecs.map((c) => `${c.codec}:${c.enabled}`), ['pcma:true', 'opus:true', 'g722:false', 'pcmu:false']);
  const result = toAccountConfig(values);
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.deepEqual(result.config, { aor: 'sip:alice@pbx', username: 'a1', server: 'pbx:5061', transport: 'tls', srtp: 'required', codecs: ['pcma', 'opus'], register: true, tlsCaFile: '/ca.pem' });
  const moved = moveCodec(values, 1, -1);
  assert.deepEqual(moved.codecs.slice(0, 2).map((c) => c.codec), ['opus', 'pcma']);
  assert.equal(moveCodec(values, 0, -1), values, 'the first cannot move up');
});

test('the account form keeps what it does not show (dial plan) and edits NAT latching and the STUN server', () => {
  const dialPlan: NonNullable<AccountView['dialPlan']> = { region: 'GB', rules: [{ prefix: '9', strip: 1, prepend: '' }] };
  const full: AccountView = { ...view, natLatching: true, stunServer: 'stun.example.com:3478', dialPlan };
  const values = formValuesFrom(full);
  assert.equal(values.natLatching, true);
  assert.equal(values.stunServer, 'stun.example.com:3478');
  const result = toAccountConfig(values);
  assert.ok(result.ok, JSON.stringify(result));
  if (!result.ok) return;
  assert.equal(result.config.natLatching, true);
  assert.equal(result.config.stunServer, 'stun.example.com:3478');
  assert.deepEqual(result.config.dialPlan, full.dialPlan);
  const bad = toAccountConfig({ ...values, stunServer: 'not a host:port:x' });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.errors.stunServer ?? '', /host or host:port/);
});

test('the account form names each invalid field in the schema\'s words', () => {
  const empty = formValuesFrom(undefined);
  const result = toAccountConfig({ ...empty, aor: 'alice', codecs: empty.codecs.map((c) => ({ ...c, enabled: false })) });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.match(result.errors.aor ?? '', /SIP address/);
  assert.match(result.errors.username ?? '', /must not be empty/);
  assert.match(result.errors.server ?? '', /host or host:port/);
  assert.match(result.errors.codecs ?? '', /at least one codec/);
  const ok = toAccountConfig({ ...empty, aor: 'bob@example.com', username: 'bob', server: 'example.com' });
  assert.ok(ok.ok && ok.config.aor === 'sip:bob@example.com' && ok.config.srtp === 'off', 'sip: is added; SRTP defaults by transport');
  const tls = toAccountConfig({ ...empty, aor: 'bob@example.com', username: 'bob', server: 'example.com', transport: 'tls', tlsCaFile: '' });
  assert.ok(tls.ok && tls.config.srtp === 'required' && tls.config.tlsCaFile === undefined);
});

function e(id: number, direction: 'sent' | 'received', summary: string, callId: string, method: string): TraceEntryView {
  return { id, time: 1_700_000_000_000 + id, accountId: 'a', direction, transport: 'udp', local: '10.0.0.1:5070', peer: '10.0.0.2:5060', callId, summary, method, text: summary };
}

test('the ladder: our address first, arrows point the way messages went, labels are short', () => {
  const flow = [
    e(1, 'sent', 'INVITE sip:bob@pbx SIP/2.0', 'c', 'INVITE'),
    e(2, 'received', 'SIP/2.0 180 Ringing', 'c', 'INVITE'),
    e(3, 'received', 'SIP/2.0 200 OK', 'c', 'INVITE'),
    e(4, 'sent', 'ACK sip:bob@10.0.0.9 SIP/2.0', 'c', 'ACK'),
  ];
  const ladder = buildLadder(flow);
  assert.deepEqual(ladder.columns, ['10.0.0.1:5070', '10.0.0.2:5060']);
  assert.deepEqual(ladder.arrows.map((a) => [a.from, a.to, a.label]), [[0, 1, 'INVITE'], [1, 0, '180 Ringing'], [1, 0, '200 OK'], [0, 1, 'ACK']]);
  assert.equal(arrowLabel(e(9, 'received', 'SIP/2.0 407 Proxy Authentication Required', 'c', 'INVITE')), '407 Proxy Authentication Required');
  const dialogs = groupDialogs([...flow, e(5, 'sent', 'REGISTER sip:pbx SIP/2.0', 'r', 'REGISTER'), e(6, 'received', 'SIP/2.0 200 OK', 'r', 'REGISTER')]);
  assert.deepEqual(dialogs.map((d) => [d.callId, d.method, d.count]), [['r', 'REGISTER', 2], ['c', 'INVITE', 4]], 'newest first');
  assert.match(dialogs[1]?.label ?? '', /^INVITE bob@pbx · \d\d:\d\d:\d\d$/);
});

test('call labels, quality bands and formatting', () => {
  const c: CallView = { callId: 'x', accountId: 'a', direction: 'incoming', state: 'ringing', remoteUri: '"Bob" <sip:bob@pbx;user=phone>', srtp: false, remoteHold: false, muted: false, startedAt: 0 };
  assert.equal(callStateLabel(c), 'Incoming call');
  assert.equal(isUnansweredIncoming(c), true);
  assert.equal(isUnansweredIncoming({ ...c, state: 'active' }), false);
  assert.equal(callStateLabel({ ...c, state: 'active', remoteHold: true }), 'On hold by the other side');
  assert.equal(uriUser(c.remoteUri), 'Bob');
  assert.equal(uriUser('sip:1001@pbx:5060;transport=udp'), '1001');
  assert.equal(uriAddress('sip:1001@pbx:5060;transport=udp'), '1001@pbx:5060');
  assert.deepEqual([qualityBand(4.3), qualityBand(3.8), qualityBand(2.9)], ['good', 'fair', 'poor']);
  assert.equal(lossPercent({ callId: 'x', packetsSent: 0, packetsReceived: 95, packetsLost: 5, lateFrames: 0, concealedFrames: 0, jitterMs: 0, bufferDelayMs: 0, srtpFailures: 0, mos: 4 }), 5);
  assert.deepEqual([formatDuration(0), formatDuration(65_400), formatDuration(3_725_000)], ['0:00', '1:05', '1:02:05']);
});

test('the next step is shown unless the message already carries it', () => {
  assert.match(nextStep({ code: 'SIP_TIMEOUT', message: 'No answer.' }) ?? '', /firewall/);
  assert.equal(nextStep({ code: 'SIP_BUSY', message: 'Busy. The other side is busy.' }), undefined);
});
