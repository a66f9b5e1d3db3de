/** Generated call-progress, alert and key-feedback tones. */
export { dtmfFeedback, ToneGenerator, tonePattern, TONES, type ToneName, type TonePattern, type ToneSegment, type ToneSpec } from './tone-generator';
