/** The app shell: dialpad above, status bar below, fed by the one store. */
import { useSyncExternalStore } from 'react';
import { StatusBar } from './components/StatusBar';
import { Dialpad } from './features/dialpad/Dialpad';
import type { Store } from './store/store';

/** Props of {@link App}. */
export interface AppProps {
  readonly store: Store;
}

/** The root component. */
export function App({ store }: AppProps): React.JSX.Element {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const accounts = state.snapshot?.accounts ?? null;
  const canCall = accounts?.some((a) => a.registration.state === 'registered') ?? false;
  return (
    <div className="app">
      <header className="title-bar">
        <h1>Dialtone</h1>
      </header>
      <main className="content">
        <Dialpad canCall={canCall} />
      </main>
      <StatusBar accounts={accounts} connected={state.connected} />
    </div>
  );
}
