/**
 * Shutting down a bridge's loopback HTTP + WebSocket server (browser mode
 * and the control API share it): every client is dropped at once instead of
 * waiting for it to leave, so quitting never hangs on an open tab or CRM.
 */
import type { Server } from 'node:http';
import type { WebSocket, WebSocketServer } from 'ws';

/** Terminates every WebSocket, closes idle and open HTTP connections, and resolves once the listener is closed. */
export async function closeBridgeServer(server: Server, wss: WebSocketServer, sockets: ReadonlySet<WebSocket>): Promise<void> {
  for (const ws of sockets) ws.terminate();
  wss.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
