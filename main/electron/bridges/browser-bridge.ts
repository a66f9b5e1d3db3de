/**
 * Browser mode: serves the renderer bundle over HTTP on 127.0.0.1 and the
 * command/event protocol over a WebSocket on the same port.
 *
 * Only a page from this server may connect: the upgrade must carry the Host and
 * Origin of this server and the random per-run token (given to the page in the
 * URL fragment, which browsers never send to servers or in Referer headers).
 * Anything else is refused before a single command runs.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../core/ports/logger';
import type { Router } from '../../core/router/router';
import type { SoftphoneCore } from '../../core/softphone-core';
import { loadStaticFile, rendererCsp } from '../adapters/static-files';
import { sameToken } from './bridge-auth';
import { closeBridgeServer } from './bridge-server';
import { handleTextFrame, MAX_FRAME_CHARS } from './frames';

/** Options for {@link startBrowserBridge}. */
export interface BrowserBridgeOptions {
  readonly router: Router;
  readonly core: Pick<SoftphoneCore, 'subscribe'>;
  readonly logger: Logger;
  /** The folder holding the built renderer (index.html and assets). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Fixed token, for tests; random by default. */
  readonly token?: string;
}

/** A running browser-mode server. */
export interface BrowserBridge {
  /** The URL to open, including the token in its fragment. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Stops accepting, closes every socket and the server. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the server; resolves once it listens. */
export async function startBrowserBridge(options: BrowserBridgeOptions): Promise<BrowserBridge> {
  const log = options.logger.child('browser');
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_CHARS });
  let origin = '';

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void serveStatic(req, res);
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (req.headers.host !== origin.slice('http://'.length)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Wrong host');
      return;
    }
    const file = await loadStaticFile(options.staticDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Security-Policy': rendererCsp(origin.replace(/^http/, 'ws')),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    if (req.headers.host !== url.host || req.headers.origin !== origin) {
      log.warn('refused a WebSocket from a foreign origin', { origin: req.headers.origin ?? '(none)' });
      return refuse(socket, 403, 'Forbidden');
    }
    if (!sameToken(url.searchParams.get('token'), token)) {
      log.warn('refused a WebSocket without the session token');
      return refuse(socket, 403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        void handleTextFrame(options.router, data.toString()).then((reply) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
        });
      });
    });
  });

  const unsubscribe = options.core.subscribe((event) => {
    const text = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  log.info('browser mode listening', { origin });

  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      await closeBridgeServer(server, wss, sockets);
    },
  };
}
