import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fakeClock, recordingLogger } from '../../../test/support/fakes';
import { createEventHub } from '../events/event-hub';
import type { ManagedCallMedia, MediaEngine } from '../media/engine';
import type { SipCall, SipCallEvent } from '../sip/call/sip-call';
import { CallManager, SHUTDOWN_HANGUP_MS } from './call-manager';

/** An incoming SIP call whose hangup resolves only when the test says so (a BYE waiting for an ACK). */
function stuckCall(): { call: SipCall; hangups: () => number; finishHangup: () => void } {
  let hangups = 0;
  let finish: () => void = () => undefined;
  const fake = {
    direction: 'incoming',
    remoteUri: 'sip:bob@127.0.0.1',
    remoteName: undefined,
    replacesACall: false,
    headers: () => undefined,
    header: () => undefined,
    onEvent: (_listener: (event: SipCallEvent) => void) => undefined,
    hangup: () => {
      hangups += 1;
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    },
  };
  return { call: fake as unknown as SipCall, hangups: () => hangups, finishHangup: () => finish() };
}

function fakeEngine(): { engine: MediaEngine; closed: () => boolean } {
  let closed = false;
  const media = { close: async () => undefined, setMuted: () => undefined } as unknown as ManagedCallMedia;
  const engine = {
    createCallMedia: () => media,
    playTone: () => () => undefined,
    setConference: () => undefined,
    close: async () => {
      closed = true;
    },
  } as unknown as MediaEngine;
  return { engine, closed: () => closed };
}

/** A call manager with one incoming call whose hangup is stuck. */
function managerWithStuckCall() {
  const clock = fakeClock();
  const logger = recordingLogger();
  const { engine, closed } = fakeEngine();
  const manager = new CallManager({ hub: createEventHub(logger), clock, logger, engine, autoAnswer: false });
  const stuck = stuckCall();
  manager.mediaFactory()('127.0.0.1').bind(stuck.call);
  manager.incoming('alice', stuck.call);
  return { clock, logger, closed, manager, stuck };
}

test('shutdown waits at most SHUTDOWN_HANGUP_MS for a hangup that never finishes, then closes the media engine', async () => {
  const { clock, logger, closed, manager, stuck } = managerWithStuckCall();
  assert.equal(manager.views().length, 1);

  let done = false;
  const shutdown = manager.shutdown().then(() => {
    done = true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(stuck.hangups(), 1, 'the call was hung up');
  clock.advance(SHUTDOWN_HANGUP_MS - 1);
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false, 'still waiting just before the limit');
  clock.advance(1);
  await shutdown;
  assert.equal(closed(), true, 'the media engine was closed');
  assert.ok(logger.lines.some((l) => l.message === 'hangup did not finish in time; quitting anyway'));
});

test('shutdown returns as soon as every hangup finished, without waiting for the limit', async () => {
  const { logger, closed, manager, stuck } = managerWithStuckCall();
  const shutdown = manager.shutdown();
  await new Promise((r) => setImmediate(r));
  stuck.finishHangup();
  await shutdown;
  assert.equal(closed(), true);
  assert.ok(!logger.lines.some((l) => l.message === 'hangup did not finish in time; quitting anyway'));
});
