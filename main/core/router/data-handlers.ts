/**
 * Handlers of the data commands (`contacts.*`, `history.*`, `settings.*`),
 * each a thin call into the data services. Without storage (a runtime built
 * without it) every one answers STORAGE_FAILED rather than pretend.
 */
import { err, ok, type Result } from '../../common/result';
import type { ImportSource } from '../data/contacts-service';
import type { DataServices } from '../data/data-services';
import type { CommandHandlers } from './router';

/** The data commands. */
export type DataCommandName = Extract<keyof CommandHandlers, `contacts.${string}` | `history.${string}` | `settings.${string}`>;
/** Their handlers. */
export type DataHandlers = Pick<CommandHandlers, DataCommandName>;

/** The file to import: a path the core reads, or the text the client sent (the contract's refine guarantees one of them). */
function importSource(args: { path?: string | undefined; content?: string | undefined; fileName?: string | undefined }): ImportSource {
  if (args.content !== undefined) return { content: args.content, ...(args.fileName !== undefined ? { name: args.fileName } : {}) };
  return args.path ?? '';
}

const map = <T, U>(r: Result<T>, f: (v: T) => U): Result<U> => (r.ok ? ok(f(r.data)) : r);

/** Builds the data handlers over the services. */
export function createDataHandlers(data: DataServices): DataHandlers {
  return {
    'contacts.list': ({ offset, limit, favouritesOnly }) => data.contacts.list(offset, limit, favouritesOnly),
    'contacts.search': async ({ query, limit }) => map(await data.contacts.search(query, limit), (contacts) => ({ contacts })),
    'contacts.get': ({ id }) => data.contacts.get(id),
    'contacts.save': ({ id, contact }) => data.contacts.save(contact, id),
    'contacts.delete': async ({ ids }) => map(await data.contacts.remove(ids), (deleted) => ({ deleted })),
    'contacts.lookup': async ({ number }) => map(await data.contacts.lookup(number), (contact) => ({ contact })),
    'contacts.previewImport': (args) => data.contacts.preview(importSource(args), args.format),
    'contacts.import': (args) => data.contacts.import(importSource(args), args.format === undefined ? { skipInvalid: args.skipInvalid } : { format: args.format, skipInvalid: args.skipInvalid }),
    'contacts.export': ({ format, path }) => data.contacts.export(format, path),
    'history.list': ({ limit, beforeId }) => data.history.list(limit, beforeId),
    'history.markSeen': () => data.history.markSeen(),
    'history.delete': async ({ ids }) => map(await data.history.remove(ids), (deleted) => ({ deleted })),
    'history.clear': async () => map(await data.history.remove(), (deleted) => ({ deleted })),
    'settings.get': async () => ok(await data.settings.get()),
    'settings.update': ({ patch }) => data.settings.update(patch),
  };
}

/** Data handlers for a runtime without storage. */
export function unavailableDataHandlers(): DataHandlers {
  const none = (): Result<never> => err('STORAGE_FAILED', 'This runtime has no data storage.');
  return {
    'contacts.list': none, 'contacts.search': none, 'contacts.get': none, 'contacts.save': none, 'contacts.delete': none,
    'contacts.lookup': none, 'contacts.previewImport': none, 'contacts.import': none, 'contacts.export': none,
    'history.list': none, 'history.markSeen': none, 'history.delete': none, 'history.clear': none, 'settings.get': none, 'settings.update': none,
  };
}
