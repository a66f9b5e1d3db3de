import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandSchemas, type AppEvent } from '../../common/ipc/contract';
import type { Result } from '../../common/result';
import { createRouter } from '../../core/router/router';
import { createCommandHandlers } from '../../core/router/handlers';
import { createSoftphoneCore } from '../../core/softphone-core';
import { fakePorts, recordingLogger } from '../../../test/support/fakes';
import { APP_URL, type SenderLike } from '../shell/security';
import { attachIpcBridge, type EventTarget, type IpcMainLike } from './ipc-bridge';

type Listener = (event: SenderLike, args: unknown) => Promise<Result<unknown>>;

function setup() {
  const logger = recordingLogger();
  const core = createSoftphoneCore(fakePorts({ logger }), { app: { name: 'D', version: '1', mode: 'electron' }, env: { DIALTONE_PASSWORD: 'x' } });
  let quits = 0;
  const router = createRouter(createCommandHandlers(core, { requestQuit: () => quits++ }), logger);
  const channels = new Map<string, Listener>();
  const ipcMain: IpcMainLike = { handle: (c, l) => void channels.set(c, l), removeHandler: (c) => void channels.delete(c) };
  const sent: AppEvent[] = [];
  const target: EventTarget = { isDestroyed: () => false, send: (_c, e) => void sent.push(e) };
  const detach = attachIpcBridge({ ipcMain, router, core, logger, targets: () => [target] });
  return { core, channels, sent, detach, quits: () => quits };
}

const trusted: SenderLike = { senderFrame: { url: APP_URL, parent: null } };

test('one channel per command, and a trusted sender gets the router Result', async () => {
  const { channels } = setup();
  assert.deepEqual([...channels.keys()].sort(), Object.keys(commandSchemas).map((n) => `cmd:${n}`).sort());
  const r = await channels.get('cmd:snapshot')!(trusted, {});
  assert.equal(r.ok, true);
});

test('an untrusted frame is refused before anything runs', async () => {
  const { channels, quits } = setup();
  const r = await channels.get('cmd:quit')!({ senderFrame: { url: 'https://evil.example/', parent: null } }, {});
  assert.equal(!r.ok && r.error.code, 'FORBIDDEN_SENDER');
  assert.equal(quits(), 0);
});

test('payloads are validated by the router', async () => {
  const { channels } = setup();
  const r = await channels.get('cmd:snapshot')!(trusted, { evil: '<script>' });
  assert.equal(!r.ok && r.error.code, 'INVALID_ARGS');
});

test('events reach the window, and detach removes every handler', async () => {
  const { core, channels, sent, detach } = setup();
  await core.saveAccount({ aor: 'sip:a@127.0.0.1', username: 'a', server: '127.0.0.1', transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: false });
  assert.deepEqual(sent.map((e) => e.event), ['accounts.changed']);
  detach();
  assert.equal(channels.size, 0);
  await core.saveAccount({ aor: 'sip:b@127.0.0.1', username: 'b', server: '127.0.0.1', transport: 'udp', srtp: 'off', codecs: ['pcmu'], register: false });
  assert.equal(sent.length, 1);
});
