/**
 * Facts about the machine that matter to registrations: the network changed
 * (new address, Wi-Fi to cable, VPN up) or the machine woke from sleep. The
 * Electron shell feeds it from powerMonitor; headless mode polls the interfaces.
 */

/** Subscribes to machine events; each function returns its unsubscribe. */
export interface SystemEventsPort {
  onNetworkChange(listener: () => void): () => void;
  onResume(listener: () => void): () => void;
}
