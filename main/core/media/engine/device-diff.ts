/**
 * What changed between two polls of the device list. PortAudio has no
 * hot-plug events, so the engine polls and compares by stable id.
 */
import type { AudioDevice } from '../../ports/audio';

/** The difference between two device lists. */
export interface DeviceDiff {
  readonly added: readonly AudioDevice[];
  readonly removed: readonly AudioDevice[];
  /** The OS default input or output moved to another device. */
  readonly defaultsChanged: boolean;
}

/** Compares two lists by device id. */
export function diffDevices(before: readonly AudioDevice[], after: readonly AudioDevice[]): DeviceDiff {
  const ids = (list: readonly AudioDevice[]): Set<string> => new Set(list.map((d) => d.id));
  const was = ids(before);
  const now = ids(after);
  const def = (list: readonly AudioDevice[], kind: 'isDefaultInput' | 'isDefaultOutput'): string | undefined => list.find((d) => d[kind])?.id;
  return {
    added: after.filter((d) => !was.has(d.id)),
    removed: before.filter((d) => !now.has(d.id)),
    defaultsChanged: def(before, 'isDefaultInput') !== def(after, 'isDefaultInput') || def(before, 'isDefaultOutput') !== def(after, 'isDefaultOutput'),
  };
}
