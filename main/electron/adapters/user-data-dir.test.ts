import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultUserDataDir, localeRegion } from './user-data-dir';

test('the data folder follows each OS convention', () => {
  assert.equal(defaultUserDataDir('Dialtone', { platform: 'linux', home: '/home/a', env: {} }), '/home/a/.config/Dialtone');
  assert.equal(defaultUserDataDir('Dialtone', { platform: 'linux', home: '/home/a', env: { XDG_CONFIG_HOME: '/x/cfg' } }), '/x/cfg/Dialtone');
  assert.equal(defaultUserDataDir('Dialtone', { platform: 'linux', home: '/home/a', env: { XDG_CONFIG_HOME: 'relative' } }), '/home/a/.config/Dialtone');
  assert.equal(defaultUserDataDir('Dialtone', { platform: 'darwin', home: '/Users/a', env: {} }), '/Users/a/Library/Application Support/Dialtone');
  assert.match(defaultUserDataDir('Dialtone', { platform: 'win32', home: 'C:\\Users\\a', env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' } }), /AppData.Roaming.Dialtone$/);
});

test('the default region comes from the locale', () => {
  assert.equal(localeRegion('en-GB'), 'GB');
  assert.equal(localeRegion('de'), 'DE');
  assert.equal(localeRegion('not a locale!'), undefined);
});
