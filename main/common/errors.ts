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
  /** 401/407: the server rejected the username or password. */
  'SIP_AUTH_FAILED',
  /** 403: the server refuses this account or this address. */
  'SIP_FORBIDDEN',
  /** 404: the server does not know this user. */
  'SIP_NOT_FOUND',
  /** 408 or no answer at all: nothing came back in time. */
  'SIP_TIMEOUT',
  /** 486/600: the callee is busy. */
  'SIP_BUSY',
  /** 503 (or 500/504): the server is overloaded or down. */
  'SIP_SERVICE_UNAVAILABLE',
  /** Another SIP failure status; the message names it. */
  'SIP_REJECTED',
  /** The server does not support something we need (digest algorithm, transport). */
  'SIP_UNSUPPORTED',
  /** The server's TLS certificate failed verification; the message names the exact reason. */
  'TLS_CERTIFICATE',
  /** The TLS handshake failed for another reason (protocol version, cipher, reset). */
  'TLS_HANDSHAKE',
  /** DNS has no usable record for the server name. */
  'DNS_NO_RECORD',
  /** The server could not be reached (refused, unreachable, no route). */
  'NETWORK_UNREACHABLE',
  /** No such audio device, or the sound system is not running. */
  'AUDIO_DEVICE_UNAVAILABLE',
  /** Another application holds the audio device. */
  'AUDIO_DEVICE_BUSY',
  /** The OS denied access to the microphone. */
  'AUDIO_ACCESS_DENIED',
  /** The echo test needs the audio devices to itself (a call or another echo test is running). */
  'ECHO_TEST_BUSY',
  /** The local database could not be opened, read or written; the message names the reason. */
  'STORAGE_FAILED',
  /** A file the user named could not be read or written. */
  'FILE_ACCESS',
  /** A file is larger than Dialtone accepts; the message names the limit. */
  'FILE_TOO_LARGE',
  /** An import file is not a contacts format we read, or some rows are invalid and were not confirmed. */
  'IMPORT_INVALID',
  /** A tel:, sip:, sips: or callto: link (or a pasted number) could not be dialled as given. */
  'INVALID_LINK',
  /** A global shortcut could not be registered (taken by another app, refused by the system, or bad syntax). */
  'HOTKEY_UNAVAILABLE',
  /** The feature exists only in the desktop app, or not on this operating system. */
  'NOT_AVAILABLE',
  /** A call hook (webhook, screen-pop, command) did not complete; the message names why. */
  'HOOK_FAILED',
  /** 603 (or 607): the person called declined the call. */
  'CALL_DECLINED',
  /** 480: the person called is offline, in do-not-disturb or not taking calls now. */
  'CALL_UNAVAILABLE',
  /** 408 from the far end: it rang but nobody answered in time. */
  'CALL_NO_ANSWER',
  /** 487: the call was cancelled before it was answered. */
  'CALL_CANCELLED',
  /** 488/606: no codec or media encryption setting in common with the other side. */
  'CALL_MEDIA_MISMATCH',
  /** 5xx from the far end: a server on the way failed to connect the call. */
  'CALL_SERVER_ERROR',
  /** 3xx that could not be followed: a loop, too many hops, or no usable Contact. */
  'CALL_REDIRECT_FAILED',
  /** No RTP arrived for the configured time on an active call: we hung up. */
  'CALL_MEDIA_LOST',
  /** The session timer (RFC 4028) ran out: the other side stopped refreshing the call, or refused our refresh. */
  'CALL_SESSION_EXPIRED',
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
  SIP_AUTH_FAILED: 'Wrong username or password. Check both in the account settings; the username is often not the extension number.',
  SIP_FORBIDDEN: 'The server refused this account. Your IP address may not be whitelisted, or the account is disabled: ask your provider.',
  SIP_NOT_FOUND: 'The server does not know this user. Check the username and the domain in the SIP address.',
  SIP_TIMEOUT: 'No answer from the server. Check, in order: a firewall blocking UDP/TCP 5060 or TLS 5061, the server name (DNS SRV), NAT (try TCP or TLS), then whether the provider is down.',
  SIP_BUSY: 'The other side is busy.',
  SIP_SERVICE_UNAVAILABLE: 'The server is overloaded or down. Dialtone retries on its own, waiting as long as the server asks.',
  SIP_REJECTED: 'The server rejected the request. The SIP trace shows the full answer.',
  SIP_UNSUPPORTED: 'The server asks for something Dialtone does not support. The message names it.',
  TLS_CERTIFICATE: 'The server\'s TLS certificate could not be verified. If it is your own PBX, add its CA file to the account; never turn verification off for a provider.',
  TLS_HANDSHAKE: 'The secure connection could not be set up. Check that the server speaks TLS 1.2 or later on this port.',
  DNS_NO_RECORD: 'The server name does not resolve. Check its spelling, or enter the IP address and port.',
  NETWORK_UNREACHABLE: 'The server cannot be reached from this network. Check your connection, VPN and firewall, and the server address and port.',
  AUDIO_DEVICE_UNAVAILABLE: 'The audio device is not connected or the sound system is not running. Plug it in or choose another device in Settings > Audio.',
  AUDIO_DEVICE_BUSY: 'Another application is using the audio device. Close it (or its call), or choose another device in Settings > Audio.',
  AUDIO_ACCESS_DENIED: 'Dialtone may not use the microphone. Allow it in the system privacy settings, then restart Dialtone.',
  ECHO_TEST_BUSY: 'The echo test needs the microphone and speaker to itself. Finish your calls, or wait for the running echo test to end, then try again.',
  STORAGE_FAILED: 'Dialtone could not read or write its data folder. Check that the disk is not full and the folder is writable; the log names the file.',
  FILE_ACCESS: 'The file could not be read or written. Check its name, that the folder exists and that you may use it.',
  FILE_TOO_LARGE: 'The file is too large to import. Split it into smaller files, or export only the contacts you need.',
  IMPORT_INVALID: 'Nothing was imported. Fix the rows listed in the message, or confirm to import the valid rows and skip the others.',
  INVALID_LINK: 'The link or number cannot be dialled. Dialtone accepts tel:, sip:, sips: and callto: links, phone numbers and SIP addresses; the message says what was wrong.',
  HOTKEY_UNAVAILABLE: 'That shortcut could not be set: another application or the system already uses it, or it is not a valid key combination. Your previous shortcut is kept; try another combination. On Wayland, use the command-line switches (dialtone --answer, --hangup) from your desktop\'s own shortcut settings.',
  NOT_AVAILABLE: 'This is only available in the Dialtone desktop app, or not on this operating system.',
  HOOK_FAILED: 'A call hook did not complete. Check its settings (address, program, arguments) and that the receiving side is up; calls are not affected.',
  CALL_DECLINED: 'The person you called declined the call. Try again later or send a message.',
  CALL_UNAVAILABLE: 'The person you called is offline or not taking calls right now (do not disturb). Try again later.',
  CALL_NO_ANSWER: 'The call rang but nobody answered in time. Try again later.',
  CALL_CANCELLED: 'The call was cancelled before it was answered.',
  CALL_MEDIA_MISMATCH: 'The other side accepts none of your codecs, or its media encryption (SRTP) setting differs. Enable more codecs, or match the SRTP setting of the account.',
  CALL_SERVER_ERROR: 'A server between you and the person you called failed to connect the call. Try again in a minute; if it keeps failing, the SIP trace names the server.',
  CALL_MEDIA_LOST: 'No audio arrived from the other side for too long, so Dialtone hung up. The network or the other phone dropped the call; a firewall or NAT blocking UDP media can do this too.',
  CALL_SESSION_EXPIRED: 'The call was ended because its session timer ran out: the other side (or a server between you) stopped confirming that the call is still up. This usually means the other phone or the PBX lost the call; call again.',
  CALL_REDIRECT_FAILED: 'The call was forwarded in a loop or too many times, so Dialtone stopped following it. Ask the person you called to check their call forwarding.',
};
