/**
 * Stable error codes shared by every bridge, with the plain-language guide a
 * user sees. Codes never change meaning; add new ones instead.
 */
export const ErrorCodes = [
  /** The command name is not part of the contract. */
  'UNKNOWN_COMMAND',
  /** The command's arguments failed validation. */
  'INVALID_ARGS',
  /** The request itself was not well-formed (bad JSON, missing id). */
  'BAD_REQUEST',
  /** The caller is not allowed to talk to us (wrong origin, token or frame). */
  'FORBIDDEN_SENDER',
  /** A bug: something threw that should have returned a Result. */
  'INTERNAL',
  /** A configuration file or value is unusable. */
  'INVALID_CONFIG',
  /** No password was found in the environment or the OS keychain. */
  'NO_PASSWORD',
  /** The OS keychain is missing, locked or did not answer in time. */
  'KEYCHAIN_UNAVAILABLE',
  /** The thing named does not exist (account, call, device). */
  'NOT_FOUND',
  /** The core is shutting down and takes no more commands. */
  'SHUTTING_DOWN',
] as const;

/** One of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[number];

/** What a user reads for each code: what happened and what to try next. */
export const errorGuides: Readonly<Record<ErrorCode, string>> = {
  UNKNOWN_COMMAND: 'The app sent a request this version does not know. Update Dialtone on both ends.',
  INVALID_ARGS: 'A value was missing or malformed. Check the highlighted field.',
  BAD_REQUEST: 'A request could not be read. If you are scripting Dialtone, send one JSON object per line.',
  FORBIDDEN_SENDER: 'A request came from an untrusted page or without the session token, and was refused.',
  INTERNAL: 'Something went wrong inside Dialtone. The SIP trace and the log hold the details.',
  INVALID_CONFIG: 'A setting is not valid. Fix the value named in the message.',
  NO_PASSWORD: 'No password is stored for this account. Enter it in the account settings, or set DIALTONE_PASSWORD for headless use.',
  KEYCHAIN_UNAVAILABLE: 'The system keyring is missing or locked. Install or unlock GNOME Keyring or KWallet, or keep the password for this session only.',
  NOT_FOUND: 'That item no longer exists. Refresh the view and try again.',
  SHUTTING_DOWN: 'Dialtone is closing and takes no more requests.',
};
