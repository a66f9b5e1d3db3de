/**
 * Headless `--mic <name>` / `--speaker <name>`: picks devices by a
 * case-insensitive substring of their name, as `devices.list` shows them. An
 * empty name means the OS default. A name that matches nothing, or several
 * devices, is an error that lists what there is.
 */
import type { AudioDeviceView } from '../../common/ipc/contract';
import { err, ok, type Result } from '../../common/result';
import type { SoftphoneCore } from '../../core/softphone-core';

/** The one device of `kind` whose name contains `name`. */
export function pickDevice(devices: readonly AudioDeviceView[], name: string, kind: 'input' | 'output'): Result<AudioDeviceView | undefined> {
  if (name === '') return ok(undefined);
  const usable = devices.filter((d) => d[kind]);
  const wanted = name.toLowerCase();
  const exact = usable.filter((d) => d.name.toLowerCase() === wanted);
  const hits = exact.length > 0 ? exact : usable.filter((d) => d.name.toLowerCase().includes(wanted));
  const flag = kind === 'input' ? '--mic' : '--speaker';
  const list = usable.map((d) => `"${d.name}"`).join(', ') || 'none';
  if (hits.length === 0) return err('NOT_FOUND', `${flag} "${name}" matches no ${kind} device. There are: ${list}.`);
  if (hits.length > 1) return err('INVALID_ARGS', `${flag} "${name}" matches ${hits.length} devices (${hits.map((d) => `"${d.name}"`).join(', ')}); be more specific.`);
  return ok(hits[0]);
}

/** Selects the devices named on the command line. */
export async function chooseDevices(core: SoftphoneCore, mic: string | undefined, speaker: string | undefined): Promise<Result<void>> {
  const listed = await core.listDevices();
  if (!listed.ok) return listed;
  const input = pickDevice(listed.data.devices, mic ?? '', 'input');
  if (!input.ok) return input;
  const output = pickDevice(listed.data.devices, speaker ?? '', 'output');
  if (!output.ok) return output;
  return core.selectDevices({ ...(input.data ? { inputId: input.data.id } : {}), ...(output.data ? { outputId: output.data.id } : {}) });
}
