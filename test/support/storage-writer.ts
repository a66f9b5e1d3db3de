/**
 * A child process for the crash-safety test: writes batches of contacts (one
 * transaction each) and a call record per batch into the SQLite store as fast
 * as it can, printing `committed <batch>` only after each commit resolved.
 * Usage: node --import tsx test/support/storage-writer.ts <db> <firstBatch> <batchSize>
 */
import type { Contact } from '../../main/common/contacts/contact';
import { createSqliteStorage } from '../../native/storage/sqlite-storage';

const [path, firstArg, sizeArg] = process.argv.slice(2);
if (!path || !firstArg || !sizeArg) {
  process.stderr.write('usage: storage-writer <db> <firstBatch> <batchSize>\n');
  process.exit(2);
}
const storage = createSqliteStorage({ path });
const size = Number(sizeArg);

const contact = (batch: number, i: number): Contact => ({
  id: `${batch}-${i}`,
  name: `Batch ${batch} contact ${i}`,
  organization: 'Crash Test Ltd',
  phones: [{ number: `+1555${String(batch % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`, label: 'mobile' }],
  sipUris: [],
  emails: [],
  favourite: false,
  notes: 'x'.repeat(200),
  createdAt: batch,
  updatedAt: batch,
});

async function main(): Promise<void> {
  process.stdout.write('ready\n');
  for (let batch = Number(firstArg); ; batch++) {
    const writes = Array.from({ length: size }, (_, i) => ({ contact: contact(batch, i), keys: [`tel:${batch}-${i}`] }));
    const put = await storage.contacts.put(writes);
    if (!put.ok) throw new Error(put.error.message);
    const call = await storage.history.add({ callId: `call-${batch}`, accountId: 'a', direction: 'incoming', remoteUri: 'sip:x@y', startedAt: batch, endedAt: batch, durationSeconds: 0, outcome: 'missed', endedBy: 'remote', seen: false });
    if (!call.ok) throw new Error(call.error.message);
    process.stdout.write(`committed ${batch}\n`);
  }
}

void main();
