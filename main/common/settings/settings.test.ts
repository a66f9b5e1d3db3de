import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applySettingsPatch, defaultSettings, loadSettings, SettingsSchema, type SettingsMigration } from './settings';

test('defaults, and the region from the OS locale when it is a known country', () => {
  assert.deepEqual(defaultSettings(), { version: 1, contacts: { defaultRegion: 'US' }, history: { retentionDays: 365 } });
  assert.equal(defaultSettings('DE').contacts.defaultRegion, 'DE');
  assert.equal(defaultSettings('XX').contacts.defaultRegion, 'US');
});

test('a stored document: missing fields take defaults, a bad section is reset alone, unknown fields dropped', () => {
  const fallback = defaultSettings('GB');
  assert.deepEqual(loadSettings(null, fallback), { settings: fallback, notes: [], rewrite: false });
  const partial = loadSettings({ version: 1, history: { retentionDays: 30 } }, fallback);
  assert.deepEqual(partial.settings, { version: 1, contacts: { defaultRegion: 'US' }, history: { retentionDays: 30 } });
  const bad = loadSettings({ version: 1, contacts: { defaultRegion: 'Narnia' }, history: { retentionDays: 7, legacy: true } }, fallback);
  assert.deepEqual(bad.settings, { version: 1, contacts: { defaultRegion: 'GB' }, history: { retentionDays: 7 } });
  assert.equal(bad.rewrite, true);
  assert.match(bad.notes.join(), /settings.contacts reset to defaults: defaultRegion: must be a two-letter country code/);
  assert.equal(loadSettings('garbage', fallback).settings, fallback);
});

test('migrations run in order from the stored version', () => {
  const migrations: Record<number, SettingsMigration> = {
    1: (d) => ({ ...d, version: 2, contacts: { defaultRegion: d['region'] } }),
    2: (d) => ({ ...d, version: 3, history: { retentionDays: (d['keepWeeks'] as number) * 7 } }),
  };
  const loaded = loadSettings({ version: 1, region: 'FR', keepWeeks: 2 }, defaultSettings(), migrations, 3);
  assert.deepEqual(loaded.settings, { version: 1, contacts: { defaultRegion: 'FR' }, history: { retentionDays: 14 } });
  assert.equal(loaded.rewrite, true);
  const missing = loadSettings({ version: 1 }, defaultSettings(), {}, 2);
  assert.match(missing.notes.join(), /no migration from settings version 1/);
});

test('patches merge per section and are validated', () => {
  const next = SettingsSchema.safeParse(applySettingsPatch(defaultSettings(), { history: { retentionDays: 0 } }));
  assert.deepEqual(next.success && next.data.history, { retentionDays: 0 });
  assert.equal(SettingsSchema.safeParse(applySettingsPatch(defaultSettings(), { history: { retentionDays: -1 } })).success, false);
});
