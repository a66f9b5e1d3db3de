import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as codecs from './index';

test('descriptors: RFC 3551 static payload types, G.722 samples at 16 kHz but clocks RTP at 8 kHz', () => {
  const facts = (d: codecs.CodecDescriptor): unknown[] => [
    d.encodingName,
    d.staticPayloadType,
    d.clockRate,
    d.sampleRate,
    d.rtpmapChannels,
    d.channels,
  ];
  assert.deepEqual(
    [codecs.PCMU, codecs.PCMA, codecs.G722].map(facts),
    [
      ['PCMU', 0, 8000, 8000, 1, 1],
      ['PCMA', 8, 8000, 8000, 1, 1],
      ['G722', 9, 8000, 16000, 1, 1],
    ],
  );
});

test('rtpTimestampUnits and samplesPerFrame: 20 ms of G.722 is 320 samples and 160 RTP units', () => {
  assert.equal(codecs.samplesPerFrame(codecs.G722, 20), 320);
  assert.equal(codecs.rtpTimestampUnits(codecs.G722, 320), 160);
  assert.equal(codecs.samplesPerFrame(codecs.PCMU, 20), 160);
  assert.equal(codecs.rtpTimestampUnits(codecs.PCMU, 160), 160);
  assert.equal(codecs.rtpTimestampUnits(codecs.PCMA, 240), 240);
});

test('every encoder and decoder satisfies the common interfaces and pairs up', () => {
  const pairs: [codecs.AudioEncoder, codecs.AudioDecoder][] = [
    [new codecs.G711Encoder('pcmu'), new codecs.G711Decoder('pcmu')],
    [new codecs.G711Encoder('pcma'), new codecs.G711Decoder('pcma')],
    [new codecs.G722Encoder(), new codecs.G722Decoder()],
  ];
  for (const [encoder, decoder] of pairs) {
    assert.equal(encoder.descriptor, decoder.descriptor);
    assert.equal(encoder.sampleRate, encoder.descriptor.sampleRate);
    assert.equal(decoder.sampleRate, decoder.descriptor.sampleRate);
    assert.equal(encoder.frameSamples, codecs.samplesPerFrame(encoder.descriptor, 20));
    const frame = Int16Array.from({ length: encoder.frameSamples }, (_, i) => Math.round(8000 * Math.sin(i / 3)));
    const payload = encoder.encode(frame);
    // One byte per 8 kHz RTP unit for all three: 160 bytes per 20 ms.
    assert.equal(payload.length, codecs.rtpTimestampUnits(encoder.descriptor, frame.length));
    assert.equal(decoder.decode(payload).length, frame.length);
    assert.equal(decoder.conceal, undefined, 'no codec-native concealment yet');
  }
});
