/**
 * The app shell: a tab bar (Phone, Contacts, History with its missed-call
 * badge, SIP trace, Settings), the current view, and the registration status
 * bar, always visible. Everything renders from the one store. A new incoming
 * call brings the Phone view forward, where focus moves to its Answer button;
 * calling from Contacts or History brings it forward too.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { CallRecord } from '../../main/common/history/call-record';
import { StatusBar } from './components/StatusBar';
import { Tabs } from './components/Tabs';
import { isUnansweredIncoming } from './features/calls/call-labels';
import { CallsPanel } from './features/calls/CallsPanel';
import { draftFromCall, type ContactFormValues } from './features/contacts/contact-form-model';
import { ContactsView } from './features/contacts/ContactsView';
import { Dialpad } from './features/dialpad/Dialpad';
import { HistoryView } from './features/history/HistoryView';
import { SettingsView } from './features/settings/SettingsView';
import { TraceView } from './features/trace/TraceView';
import type { Store } from './store/store';

/** Props of {@link App}. */
export interface AppProps {
  readonly store: Store;
}

type View = 'phone' | 'contacts' | 'history' | 'trace' | 'settings';

/** The root component. */
export function App({ store }: AppProps): React.JSX.Element {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const [view, setView] = useState<View>('phone');
  const [newCall, setNewCall] = useState(false);
  const [contactDraft, setContactDraft] = useState<ContactFormValues | null>(null);
  const showPhone = useCallback(() => setView('phone'), []);
  const draftOpened = useCallback(() => setContactDraft(null), []);
  const addContact = useCallback((call: CallRecord) => {
    setContactDraft(draftFromCall(call.remoteUri, call.displayName));
    setView('contacts');
  }, []);
  const accounts = state.snapshot?.accounts ?? null;
  const calls = state.snapshot?.calls ?? [];
  const liveCalls = calls.filter((c) => c.state !== 'ended');

  const seenIncoming = useRef(new Set<string>());
  const ringingIds = calls.filter(isUnansweredIncoming).map((c) => c.callId).join(',');
  useEffect(() => {
    const fresh = ringingIds.split(',').filter((id) => id && !seenIncoming.current.has(id));
    for (const id of fresh) seenIncoming.current.add(id);
    if (fresh.length > 0) setView('phone');
  }, [ringingIds]);
  useEffect(() => {
    if (liveCalls.length === 0) setNewCall(false);
  }, [liveCalls.length]);

  const showDialpad = liveCalls.length === 0 || newCall;
  return (
    <div className="app">
      <header className="title-bar">
        <h1>Dialtone</h1>
        <Tabs
          idPrefix="view"
          current={view}
          onChange={setView}
          tabs={[
            { key: 'phone', label: 'Phone', badge: liveCalls.length },
            { key: 'contacts', label: 'Contacts' },
            { key: 'history', label: 'History', badge: state.missedUnseen, badgeLabel: 'missed', badgeTone: 'alert' },
            { key: 'trace', label: 'SIP trace' },
            { key: 'settings', label: 'Settings' },
          ]}
        />
      </header>
      <main className="content" id={`view-panel-${view}`} role="tabpanel" aria-labelledby={`view-tab-${view}`}>
        {view === 'phone' ? (
          <div className="phone">
            <CallsPanel store={store} calls={calls} accounts={accounts ?? []} state={state} />
            {liveCalls.length > 0 ? (
              <button type="button" className="btn new-call" aria-expanded={newCall} onClick={() => setNewCall((o) => !o)}>
                {newCall ? 'Hide dialpad' : 'New call'}
              </button>
            ) : null}
            {showDialpad ? <Dialpad store={store} accounts={accounts ?? []} contactsRevision={state.contactsRevision} /> : null}
          </div>
        ) : null}
        {view === 'contacts' ? (
          <ContactsView store={store} accounts={accounts ?? []} mode={state.snapshot?.app.mode} revision={state.contactsRevision} draft={contactDraft} onDraftOpened={draftOpened} onCalled={showPhone} />
        ) : null}
        {view === 'history' ? (
          <HistoryView store={store} accounts={accounts ?? []} revision={state.historyRevision} missedUnseen={state.missedUnseen} onAddContact={addContact} onCalled={showPhone} />
        ) : null}
        {view === 'trace' ? <TraceView store={store} trace={state.trace} /> : null}
        {view === 'settings' ? <SettingsView store={store} accounts={accounts ?? []} audio={state} diagnostics={state.diagnostics} hookFailures={state.hookFailures} /> : null}
      </main>
      <StatusBar store={store} accounts={accounts} connected={state.connected} onOpenSettings={() => setView('settings')} />
    </div>
  );
}
