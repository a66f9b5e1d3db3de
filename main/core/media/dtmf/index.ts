/**
 * DTMF: RFC 4733 telephone-events (payload codec, a tick-driven sender and a
 * loss/reorder-tolerant detector) and the SIP INFO bodies used as fallback.
 */
export { DtmfDetector, type DetectedDigit, type DtmfDetectorOptions, type TelephoneEventInput } from './dtmf-detector';
export { digitToEvent, DTMF_DIGITS, eventToDigit, toDtmfDigit, type DtmfDigit } from './dtmf-digits';
export {
  buildDtmfBody,
  buildDtmfRelayBody,
  DTMF_CONTENT_TYPE,
  DTMF_RELAY_CONTENT_TYPE,
  parseDtmfBody,
  parseDtmfRelayBody,
  type DtmfInfoParseResult,
} from './dtmf-info';
export { digitPressPackets, DtmfSender, type DtmfTiming, type EnqueueResult, type TelephoneEventPacket } from './dtmf-sender';
export {
  encodeTelephoneEvent,
  parseTelephoneEvent,
  TELEPHONE_EVENT_SIZE,
  type TelephoneEvent,
  type TelephoneEventParseResult,
} from './telephone-event';
