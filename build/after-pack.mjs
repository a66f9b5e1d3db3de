// electron-builder afterPack hook (runs after the app is laid out, before the
// installer is made).
//
// Linux: naudiodon's addon finds libportaudio.so.2 through a RUNPATH that
// node-gyp set to the absolute build directory of the machine that compiled it
// (binding.gyp: -Wl,-rpath,<(module_root_dir)/build/Release). Installed
// elsewhere, the addon would find no PortAudio, or a different system one.
// This sets the RUNPATH to $ORIGIN (the addon's own directory, where asarUnpack
// keeps libportaudio.so.2 beside it) with patchelf, then checks the result with
// readelf and fails the build if it is wrong.
//
// macOS uses @loader_path and Windows looks beside the .node already.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The addon directory inside a packed Linux app. */
export function naudiodonDir(appOutDir) {
  return join(appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'naudiodon', 'build', 'Release');
}

/** The RUNPATH (or RPATH) of an ELF file, from readelf; undefined when it has none. */
export function readRunpath(file) {
  const out = execFileSync('readelf', ['-d', file], { encoding: 'utf8' });
  const m = /\((?:RUNPATH|RPATH)\)\s+Library (?:runpath|rpath): \[([^\]]*)\]/.exec(out);
  return m ? m[1] : undefined;
}

/** Sets naudiodon.node's RUNPATH to $ORIGIN and checks it; throws with the reason when it cannot. */
export function fixNaudiodonRpath(appOutDir) {
  const dir = naudiodonDir(appOutDir);
  const addon = join(dir, 'naudiodon.node');
  if (!existsSync(addon)) throw new Error(`afterPack: ${addon} is missing; is naudiodon in asarUnpack?`);
  if (!existsSync(join(dir, 'libportaudio.so.2'))) throw new Error(`afterPack: libportaudio.so.2 is not beside ${addon}; check asarUnpack.`);
  try {
    execFileSync('patchelf', ['--set-rpath', '$ORIGIN', addon], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`afterPack: patchelf failed (install it: apt-get install patchelf): ${error instanceof Error ? error.message : String(error)}`);
  }
  const runpath = readRunpath(addon);
  if (runpath !== '$ORIGIN') throw new Error(`afterPack: naudiodon.node RUNPATH is ${runpath ?? '(none)'}, expected $ORIGIN`);
  return { addon, runpath };
}

/** The hook electron-builder calls. */
export default async function afterPack(context) {
  if (context.electronPlatformName !== 'linux') return;
  const { addon } = fixNaudiodonRpath(context.appOutDir);
  console.log(`  • afterPack: ${addon} RUNPATH set to $ORIGIN`);
}
