/**
 * What can be checked of packaging offline: the electron-builder config passes
 * electron-builder's own schema, app/package.json names the same native
 * modules (at the same versions) as the root, and the native modules load
 * under Node through Node-API, with naudiodon's segfault-handler stubbed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/headless';

const require = createRequire(join(repoRoot, 'package.json'));
// electron-builder's logger writes a line in three stdout writes ("loaded configuration …"),
// which can split node:test's own serialized messages on the same stdout: keep it in memory.
const builderLog: string[] = [];
(require('builder-util/out/log') as { log: { stream: { write(chunk: string): boolean } } }).log.stream = {
  write(chunk: string): boolean {
    builderLog.push(chunk);
    return true;
  },
};
const readJson = (path: string): Record<string, Record<string, string>> => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Record<string, Record<string, string>>;

test('electron-builder.yml passes electron-builder schema validation', async () => {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
    getConfig(dir: string, path: string | null, extra: null): Promise<object>;
    validateConfiguration(config: object, logger: object): Promise<void>;
  };
  const quiet = { isEnabled: false, add: () => undefined };
  const config = await getConfig(repoRoot, join(repoRoot, 'electron-builder.yml'), null);
  await validateConfiguration(config, quiet);
  assert.equal((config as { directories?: { app?: string } }).directories?.app, 'app');
  await assert.rejects(validateConfiguration({ ...config, asarUnpakc: ['x'] }, quiet), /asarUnpakc|unknown property/i);
});

test('app/package.json pins the native modules the root installs', () => {
  const root = readJson('package.json');
  const app = readJson('app/package.json');
  for (const [name, version] of Object.entries(app['dependencies'] ?? {})) {
    assert.equal(root['dependencies']?.[name], version, `${name} differs between package.json and app/package.json`);
  }
  assert.equal(app['main'], 'dist/main/index.cjs');
  for (const name of ['keytar', 'naudiodon']) assert.equal(root['allowScripts']?.[name], true as unknown as string, `${name} missing from allowScripts`);
  assert.match(root['overrides']?.['segfault-handler'] ?? '', /native\/stubs\/segfault-handler/);
});

test('keytar and naudiodon load through Node-API, with segfault-handler stubbed', () => {
  const script = [
    "const k = require('keytar'); if (typeof k.getPassword !== 'function') throw new Error('keytar');",
    "const sh = require('segfault-handler'); if (sh.registerHandler.toString().includes('native')) throw new Error('real segfault-handler');",
    "const n = require('naudiodon'); const apis = n.getHostAPIs(); if (!Array.isArray(apis.HostAPIs)) throw new Error('naudiodon');",
    "process.stderr.write('HOSTAPIS ' + apis.HostAPIs.map((a) => a.name).join(',') + '\\n');",
  ].join('\n');
  const r = spawnSync(process.execPath, ['-e', script], { cwd: repoRoot, encoding: 'utf8', timeout: 30000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /HOSTAPIS .*ALSA/);
  assert.match(readFileSync(require.resolve('segfault-handler'), 'utf8'), /keep naudiodon's index\.js loadable/);
});

// ---- Desktop shell packaging: fuses, protocols, macOS microphone, Windows links, Linux desktop entry, afterPack ----

type BuilderConfig = Record<string, unknown> & {
  electronFuses?: Record<string, boolean>;
  protocols?: Array<{ schemes: string[] }>;
  mac?: { extendInfo?: Record<string, string>; entitlements?: string; hardenedRuntime?: boolean; target?: Array<{ target: string; arch: string[] }> };
  nsis?: { include?: string };
  linux?: Record<string, unknown> & { target?: Array<{ target: string; arch: string[] }> };
  deb?: Record<string, unknown>;
  win?: { target?: Array<{ target: string; arch: string[] }> };
  publish?: { provider?: string };
  afterPack?: string;
  asarUnpack?: string[];
};

async function loadBuilderConfig(): Promise<BuilderConfig> {
  const { getConfig } = require('app-builder-lib/out/util/config/config') as { getConfig(dir: string, path: string | null, extra: null): Promise<BuilderConfig> };
  return getConfig(repoRoot, join(repoRoot, 'electron-builder.yml'), null);
}

test('every Electron fuse is set explicitly, to the secure value', async () => {
  const config = await loadBuilderConfig();
  const { FuseV1Options } = require('@electron/fuses') as { FuseV1Options: Record<string, number | string> };
  const names = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
  assert.ok(names.length >= 8, 'the fuse list was read');
  for (const name of names) {
    const key = name.charAt(0).toLowerCase() + name.slice(1);
    assert.equal(typeof config.electronFuses?.[key], 'boolean', `fuse ${key} not set`);
  }
  assert.equal(config.electronFuses?.['runAsNode'], false);
  assert.equal(config.electronFuses?.['enableNodeOptionsEnvironmentVariable'], false);
  assert.equal(config.electronFuses?.['enableNodeCliInspectArguments'], false);
  assert.equal(config.electronFuses?.['onlyLoadAppFromAsar'], true);
  assert.equal(config.electronFuses?.['grantFileProtocolExtraPrivileges'], false);
});

test('links, microphone, targets, updates: the config says what the shell relies on', async () => {
  const config = await loadBuilderConfig();
  const { CALL_LINK_SCHEMES } = await import('../../main/common/links/call-link');
  assert.deepEqual(config.protocols?.flatMap((p) => p.schemes).sort(), [...CALL_LINK_SCHEMES].sort());
  assert.match(config.mac?.extendInfo?.['NSMicrophoneUsageDescription'] ?? '', /microphone/);
  assert.equal(config.mac?.hardenedRuntime, true);
  assert.match(readFileSync(join(repoRoot, config.mac?.entitlements ?? 'missing'), 'utf8'), /com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/);
  assert.deepEqual(config.mac?.target?.map((t) => [t.target, t.arch]), [['dmg', ['x64', 'arm64']], ['zip', ['x64', 'arm64']]]);
  assert.deepEqual(config.win?.target?.map((t) => [t.target, t.arch]), [['nsis', ['x64']]]);
  assert.deepEqual(config.linux?.target?.map((t) => t.target), ['AppImage', 'deb']);
  assert.ok(config.asarUnpack?.includes('**/*.node'));
  assert.equal(config.publish?.provider, 'github');
  const nsis = readFileSync(join(repoRoot, config.nsis?.include ?? 'missing'), 'utf8');
  for (const scheme of CALL_LINK_SCHEMES) {
    assert.match(nsis, new RegExp(`dialtoneRegisterScheme "${scheme}"`), `NSIS registers ${scheme}`);
    assert.match(nsis, new RegExp(`dialtoneUnregisterScheme "${scheme}"`), `NSIS unregisters ${scheme}`);
  }
  assert.match(nsis, /URLAssociations/);
  assert.match(nsis, /Software\\RegisteredApplications" "Dialtone" "Software\\Dialtone\\Capabilities"/);
});

test('the Linux .desktop entry electron-builder generates handles the call links and validates', async () => {
  const config = await loadBuilderConfig();
  const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper') as {
    LinuxTargetHelper: new (packager: object) => { computeDesktopEntry(options: object, exec?: string): Promise<string> };
  };
  const appPackage = readJson('app/package.json') as unknown as { productName: string; description: string; desktopName: string };
  // The packager fields computeDesktopEntry reads, taken from the real config and app/package.json.
  const packager = {
    appInfo: { productName: appPackage.productName, sanitizedProductName: appPackage.productName, description: appPackage.description },
    executableName: config.linux?.['executableName'],
    info: { metadata: { desktopName: appPackage.desktopName } },
    fileAssociations: [],
    config,
    platformSpecificBuildOptions: config.linux,
  };
  const helper = new LinuxTargetHelper(packager);
  for (const target of ['linux', 'deb'] as const) {
    const options = target === 'deb' ? { ...config.linux, ...config.deb } : config.linux;
    const entry = await helper.computeDesktopEntry(options ?? {});
    assert.match(entry, /^Exec=\/opt\/Dialtone\/dialtone %U$/m);
    assert.match(entry, /^MimeType=x-scheme-handler\/tel;x-scheme-handler\/callto;x-scheme-handler\/sip;x-scheme-handler\/sips;$/m);
    assert.match(entry, /^Categories=Network;Telephony;$/m);
    const dir = mkdtempSync(join(tmpdir(), 'dialtone-desktop-entry-'));
    try {
      const file = join(dir, appPackage.desktopName);
      writeFileSync(file, entry);
      const v = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
      if (v.error) {
        process.stderr.write('desktop-file-validate is not installed (desktop-file-utils); skipped the validation\n');
      } else {
        assert.equal(v.status, 0, `${target}: ${v.stdout}${v.stderr}\n${entry}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (target === 'deb') assert.match(entry, /^Exec=\/opt\/Dialtone\/dialtone --answer$/m);
  }
});

test('afterPack sets naudiodon.node RUNPATH to $ORIGIN on a copy of the real build, and it then loads PortAudio from beside it', { skip: process.platform !== 'linux' ? 'Linux only' : false }, async () => {
  for (const tool of ['patchelf', 'readelf']) {
    assert.equal(spawnSync(tool, ['--version']).error, undefined, `${tool} is not installed (scripts/setup.sh installs it)`);
  }
  const release = join(repoRoot, 'node_modules', 'naudiodon', 'build', 'Release');
  const appOutDir = mkdtempSync(join(tmpdir(), 'dialtone-afterpack-'));
  try {
    const hook = (await import(pathToFileURL(join(repoRoot, 'build', 'after-pack.mjs')).href)) as {
      default(context: { electronPlatformName: string; appOutDir: string }): Promise<void>;
      naudiodonDir(appOutDir: string): string;
      readRunpath(file: string): string | undefined;
    };
    const dir = hook.naudiodonDir(appOutDir);
    mkdirSync(dir, { recursive: true });
    for (const f of ['naudiodon.node', 'libportaudio.so.2']) copyFileSync(join(release, f), join(dir, f));
    const before = hook.readRunpath(join(dir, 'naudiodon.node'));
    assert.ok(before?.startsWith('/'), `the build carries an absolute RUNPATH (${before})`);
    await hook.default({ electronPlatformName: 'linux', appOutDir });
    assert.equal(hook.readRunpath(join(dir, 'naudiodon.node')), '$ORIGIN');
    const ldd = spawnSync('ldd', [join(dir, 'naudiodon.node')], { encoding: 'utf8' });
    assert.match(ldd.stdout, new RegExp(`libportaudio\\.so\\.2 => ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/libportaudio\\.so\\.2`), ldd.stdout);
    // The patched addon loads in a fresh Node and answers.
    const script = `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(join(dir, 'naudiodon.node'))}); const apis = m.exports.getHostAPIs(); process.stdout.write(String(apis.HostAPIs.length));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30000 });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(Number(r.stdout) > 0);
    // Other platforms are left alone; a missing library fails the build with the reason.
    await hook.default({ electronPlatformName: 'darwin', appOutDir: '/nonexistent' });
    rmSync(join(dir, 'libportaudio.so.2'));
    await assert.rejects(hook.default({ electronPlatformName: 'linux', appOutDir }), /libportaudio\.so\.2 is not beside/);
  } finally {
    rmSync(appOutDir, { recursive: true, force: true });
  }
});
