/**
 * The layer rule is a lint error, not a review comment: each forbidden import
 * below must fail ESLint with the layer rule, and each allowed one must pass.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../support/headless';

const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const forbidden: Array<[string, string]> = [
  ['main/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
  ['main/core/probe.ts', "import { bootstrap } from '../electron/bootstrap';\nexport const a = bootstrap;\n"],
  ['main/core/probe.ts', "import keytar from 'keytar';\nexport const a = keytar;\n"],
  ['main/core/accounts/probe.ts', "import { UserAgent } from 'sip.js';\nexport const a = UserAgent;\n"],
  ['renderer/src/probe.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n"],
  ['renderer/src/probe.ts', "import { spawn } from 'child_process';\nexport const a = spawn;\n"],
  ['renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
  ['renderer/src/probe.ts', "import { createRouter } from '../../main/core/router/router';\nexport const a = createRouter;\n"],
  ['main/common/probe.ts', "import { join } from 'node:path';\nexport const a = join;\n"],
  ['main/common/probe.ts', "import type { Logger } from '../core/ports/logger';\nexport type A = Logger;\n"],
  ['main/electron/bridges/probe.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
  ['main/preload/probe.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n"],
  ['native/probe.ts', "import { createSoftphoneCore } from '../main/core/softphone-core';\nexport const a = createSoftphoneCore;\n"],
];

const allowed: Array<[string, string]> = [
  ['main/core/sip/probe.ts', "import { UserAgent } from 'sip.js';\nexport const a = UserAgent;\n"],
  ['main/core/probe.ts', "import { createSocket } from 'node:dgram';\nimport { ok } from '../common/result';\nexport const a = [createSocket, ok];\n"],
  ['renderer/src/probe.ts', "import { ok } from '../../main/common/result';\nexport const a = ok;\n"],
  ['main/electron/bridges/probe.ts', "import type { IpcMain } from 'electron';\nexport type A = IpcMain;\n"],
  ['native/probe.ts', "import type { Logger } from '../main/core/ports/logger';\nexport type A = Logger;\n"],
  ['main/common/probe.ts', "import { z } from 'zod';\nexport const a = z;\n"],
];

const layerRules = /no-restricted-imports|no-restricted-paths/;

for (const [file, code] of forbidden) {
  test(`rejects in ${file}: ${code.split('\n')[0]}`, async () => {
    const ids = await ruleIds(file, code);
    assert.ok(ids.some((id) => layerRules.test(id)), `expected a layer error, got ${JSON.stringify(ids)}`);
  });
}

for (const [file, code] of allowed) {
  test(`allows in ${file}: ${code.split('\n')[0]}`, async () => {
    assert.deepEqual(await ruleIds(file, code), []);
  });
}
