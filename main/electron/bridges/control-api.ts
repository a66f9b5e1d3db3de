/**
 * The local control API for CRMs and click-to-dial: the same contract as the
 * app, on 127.0.0.1 only, off by default.
 *
 * - `POST /api/<command>` with `Authorization: Bearer <token>` and the
 *   command's arguments as the JSON body; the reply is the Result as JSON
 *   (200 when ok, 4xx/5xx with `{ok:false,error}` otherwise).
 * - `GET /ws?token=<token>` upgrades to a WebSocket speaking the stream
 *   bridges' frames (`{"id":1,"cmd":"call.dial","args":{...}}`), with every
 *   event pushed.
 *
 * Every request needs the token; the Host must be this loopback server (DNS
 * rebinding); a request that carries an Origin (a web page) must come from an
 * allowed origin, which also gets CORS headers. A few commands stay with the
 * app itself and are refused here: quitting and reconfiguring the API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ErrorCode } from '../../common/errors';
import { err, type Result } from '../../common/result';
import type { Logger } from '../../core/ports/logger';
import type { Router } from '../../core/router/router';
import type { SoftphoneCore } from '../../core/softphone-core';
import { isLoopbackHost, sameToken } from './bridge-auth';
import { closeBridgeServer } from './bridge-server';
import { handleTextFrame, MAX_FRAME_CHARS } from './frames';

/** Commands the control API refuses: they belong to the app's own UI. */
export const CONTROL_API_DENIED: ReadonlySet<string> = new Set(['quit', 'controlApi.configure', 'controlApi.status']);

/** Options for {@link startControlApi}. */
export interface ControlApiOptions {
  readonly router: Router;
  readonly core: Pick<SoftphoneCore, 'subscribe'>;
  readonly logger: Logger;
  readonly token: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly allowedOrigins: readonly string[];
}

/** A running control API. */
export interface ControlApiServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'UNKNOWN_COMMAND':
    case 'NOT_FOUND':
      return 404;
    case 'INVALID_ARGS':
    case 'BAD_REQUEST':
      return 400;
    case 'FORBIDDEN_SENDER':
      return 403;
    case 'INTERNAL':
      return 500;
    case 'SHUTTING_DOWN':
      return 503;
    default:
      return 422;
  }
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** Starts the server; resolves once it listens (rejects when the port is taken). */
export async function startControlApi(options: ControlApiOptions): Promise<ControlApiServer> {
  const log = options.logger.child('control-api');
  const allowed = new Set(options.allowedOrigins);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_CHARS });
  let port = 0;
  const router: Router = {
    dispatch: (cmd, args) =>
      typeof cmd === 'string' && CONTROL_API_DENIED.has(cmd)
        ? Promise.resolve(err('FORBIDDEN_SENDER', `"${cmd}" is not available through the control API.`))
        : options.router.dispatch(cmd, args),
  };

  /** The reason to refuse `req`, or undefined when it may go on. */
  function refusal(req: IncomingMessage): { status: number; text: string } | undefined {
    if (!isLoopbackHost(req.headers.host, port)) return { status: 421, text: 'Wrong host' };
    const origin = req.headers.origin;
    if (origin !== undefined && !allowed.has(origin)) return { status: 403, text: 'Origin not allowed' };
    return undefined;
  }

  function send(res: ServerResponse, status: number, body: unknown, origin: string | undefined): void {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}),
    });
    res.end(JSON.stringify(body));
  }

  async function readBody(req: IncomingMessage): Promise<string | undefined> {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_FRAME_CHARS) return undefined;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusal(req);
    if (refused) {
      log.warn('refused a request', { reason: refused.text, origin: req.headers.origin ?? '(none)' });
      res.writeHead(refused.status, { 'Content-Type': 'text/plain' }).end(refused.text);
      return;
    }
    const origin = req.headers.origin;
    const path = new URL(req.url ?? '/', `http://${HOST}:${port}`).pathname;
    const m = /^\/api\/([A-Za-z][A-Za-z0-9.]{0,127})$/.exec(path);
    if (!m) return send(res, 404, err('UNKNOWN_COMMAND', 'Use POST /api/<command>, or a WebSocket at /ws.'), origin);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...(origin ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}),
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST, OPTIONS' }).end();
      return;
    }
    if (!sameToken(bearer(req), options.token)) {
      log.warn('refused a request without the token');
      return send(res, 401, err('FORBIDDEN_SENDER', 'Send the control API token as "Authorization: Bearer <token>".'), origin);
    }
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, err('BAD_REQUEST', `Request too large (the limit is ${MAX_FRAME_CHARS} bytes).`), origin);
    let args: unknown = {};
    if (body.trim() !== '') {
      try {
        args = JSON.parse(body);
      } catch {
        return send(res, 400, err('BAD_REQUEST', 'The body is not valid JSON; send the command\'s arguments as one JSON object.'), origin);
      }
    }
    const result: Result<unknown> = await router.dispatch(m[1], args);
    send(res, result.ok ? 200 : statusOf(result.error.code), result, origin);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error('control API request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, reason: string): void => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    const refused = refusal(req);
    if (refused) {
      log.warn('refused a WebSocket', { reason: refused.text, origin: req.headers.origin ?? '(none)' });
      return refuse(refused.status === 421 ? 421 : 403, 'Forbidden');
    }
    if (!sameToken(url.searchParams.get('token') ?? bearer(req), options.token)) {
      log.warn('refused a WebSocket without the token');
      return refuse(401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return;
        void handleTextFrame(router, data.toString()).then((reply) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
        });
      });
    });
  });

  const unsubscribe = options.core.subscribe((event) => {
    if (sockets.size === 0) return;
    const text = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    unsubscribe();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  log.info('control API listening', { url: `http://${HOST}:${port}`, origins: options.allowedOrigins.length });
  return {
    port,
    url: `http://${HOST}:${port}`,
    async close() {
      unsubscribe();
      await closeBridgeServer(server, wss, sockets);
    },
  };
}
