/**
 * The ports through which the core reaches the world. `main/electron/bootstrap.ts`
 * passes the real ones; tests pass fakes. Sockets, audio devices and storage get
 * their ports with the issues that need them.
 */
export type { Clock, TimerHandle } from './clock';
export type { LogFields, Logger } from './logger';
export type { SecretStoreKind, SecretStorePort } from './secrets';

import type { Clock } from './clock';
import type { Logger } from './logger';
import type { SecretStorePort } from './secrets';

/** Everything the core needs from outside. */
export interface CorePorts {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly secrets: SecretStorePort;
}
