/**
 * What can be checked of packaging offline: the electron-builder config passes
 * electron-builder's own schema, app/package.json names the same native
 * modules (at the same versions) as the root, and the native modules load
 * under Node through Node-API, with naudiodon's segfault-handler stubbed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/headless';

const require = createRequire(join(repoRoot, 'package.json'));
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
