// Type-checks each layer with its own tsconfig (so a layer cannot use types it
// must not have: Node in main/common or renderer, DOM in main/core), then the
// tests and tooling with the root tsconfig.
import { spawnSync } from 'node:child_process';

const projects = [
  'main/common/tsconfig.json',
  'main/core/tsconfig.json',
  'native/tsconfig.json',
  'main/electron/tsconfig.json',
  'main/preload/tsconfig.json',
  'renderer/tsconfig.json',
  'tsconfig.json',
];
let failed = 0;
for (const project of projects) {
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project, '--noEmit', '--pretty', 'false'], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed += 1;
    console.error(`typecheck: ${project} failed`);
  }
}
console.log(`typecheck: ${projects.length - failed} of ${projects.length} projects clean`);
process.exit(failed === 0 ? 0 : 1);
