/**
 * A private Kamailio registrar + proxy on loopback for lab tests.
 *
 * {@link startKamailio} writes a fresh config, a db_text subscriber table, a
 * TLS config and a per-run self-signed certificate into its own work dir,
 * then runs `kamailio -DD -E` (foreground, logs on stderr) and waits until
 * UDP, TCP and TLS all listen.
 *
 * Behaviour: digest auth on every initial request (401 for REGISTER, 407 for
 * INVITE and others), registrar (`save`/`lookup("location")`, memory only),
 * `force_rport` + nathelper (so TCP/TLS contacts are reached over the
 * connection they registered on), `record_route`, loose routing. UDP and TCP
 * share one port, TLS has another; everything binds 127.0.0.1 with DNS off.
 * Aliases always carry a port: a portless alias would make every
 * `sip:x@127.0.0.1:N` "myself" (see lab.md).
 *
 * @module
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeSelfSignedCert } from './certs';
import { startProcess, runCommand, pollUntil, type ManagedProcess, type ExitInfo } from './proc';
import { assertPortsFree, findFreePort, preferPort, waitForListening, LOOPBACK } from './ports';
import { requireKamailioModules, requireTool, KAMAILIO_MODULE_DIR } from './tools';
import { makeWorkDir } from './workdir';

/** A SIP account the registrar accepts. */
export interface LabUser {
  readonly username: string;
  readonly password: string;
}

/** Options for {@link startKamailio}. */
export interface KamailioOptions {
  readonly users: readonly LabUser[];
  /** SIP domain / digest realm of the users. Default `127.0.0.1`. */
  readonly domain?: string;
  /**
   * Port for UDP and TCP. Default: 5060 when free, else a random free port.
   * Tests should pass `'random'` so they never collide with anything.
   */
  readonly udpPort?: number | 'random';
  /** TLS port. Default 5061 when free, else random. `'random'` forces random. */
  readonly tlsPort?: number | 'random';
  /** Work directory (default: a fresh one under the run root). */
  readonly workDir?: string;
  /** Kamailio `debug` level (default 2 = info, which shows the lab's xlog lines). */
  readonly debugLevel?: number;
  /** Max time to wait for all listeners. Default 10 s. */
  readonly startTimeoutMs?: number;
}

/** One registered contact as seen in Kamailio's usrloc. */
export interface UsrlocContact {
  readonly aor: string;
  readonly contact: string;
  /** Source address recorded by nathelper (`Received`), if any. */
  readonly received?: string;
  readonly expires?: string;
  readonly userAgent?: string;
  /** Kamailio socket the contact is bound to, e.g. `udp:127.0.0.1:5060`, `tls:127.0.0.1:5061`. */
  readonly socket?: string;
}

/** A running lab Kamailio. */
export interface KamailioHandle {
  readonly host: string;
  /** UDP and TCP port. */
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly tlsPort: number;
  readonly domain: string;
  /** Per-run self-signed certificate; pass it to clients as their CA file. */
  readonly certPath: string;
  readonly keyPath: string;
  readonly workDir: string;
  readonly configPath: string;
  /** Path of the binrpc control socket (for `kamcmd -s unix:PATH`). */
  readonly ctlSocket: string;
  readonly process: ManagedProcess;
  /** Kamailio's log so far (stderr). */
  logs(): string;
  /** Run a kamcmd RPC (e.g. `ul.dump`, `core.version`), return stdout. */
  rpc(command: string, ...args: string[]): Promise<string>;
  /** All contacts in the `location` table (via `kamcmd ul.dump`). */
  usrlocDump(): Promise<UsrlocContact[]>;
  /** True if `username` has at least one contact in usrloc. */
  isRegistered(username: string): Promise<boolean>;
  /** Wait (bounded) until `username` has a contact; returns its contacts. */
  waitForRegistration(username: string, timeoutMs?: number): Promise<UsrlocContact[]>;
  stop(): Promise<ExitInfo>;
}

const MODULES = [
  'tls', 'ctl', 'kex', 'corex', 'tm', 'tmx', 'sl', 'rr', 'pv', 'maxfwd', 'usrloc', 'registrar',
  'textops', 'siputils', 'xlog', 'sanity', 'db_text', 'auth', 'auth_db', 'nathelper',
] as const;

function quoteCfg(s: string): string {
  if (/["\n]/.test(s)) throw new Error(`lab: unsupported character in Kamailio config value: ${s}`);
  return `"${s}"`;
}

function dbTextEscape(s: string): string {
  // db_text separates fields with ':'; escape the separators it understands.
  return s.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/\n/g, '\\n');
}

/** The Kamailio configuration file the lab uses (exported for debugging/tests). */
export function kamailioConfig(p: {
  host: string;
  port: number;
  tlsPort: number;
  dir: string;
  ctlSocket: string;
  debugLevel: number;
}): string {
  const { host, port, tlsPort, dir } = p;
  const loadmodules = MODULES.map((m) => `loadmodule "${m}.so"`).join('\n');
  return `#!KAMAILIO
# Dialtone lab registrar/proxy (generated per run)
debug=${p.debugLevel}
log_stderror=yes
memdbg=5
memlog=5
children=2
tcp_children=2
disable_tcp=no
enable_tls=yes
auto_aliases=no
# Aliases always with a port (never portless: that makes any port "myself").
alias="localhost:${port}"
alias="localhost:${tlsPort}"
listen=udp:${host}:${port}
listen=tcp:${host}:${port}
listen=tls:${host}:${tlsPort}
dns=no
rev_dns=no
use_dns_cache=off
use_dns_failover=off
dns_try_ipv6=no
dns_try_naptr=no
dns_srv_lb=no
tcp_connection_lifetime=3605
tcp_accept_no_cl=yes
server_header="Server: dialtone-lab-kamailio"
user_agent_header="User-Agent: dialtone-lab-kamailio"

mpath=${quoteCfg(KAMAILIO_MODULE_DIR)}
${loadmodules}

#!define FLT_NATS 5
#!define FLB_NATB 6

modparam("ctl", "binrpc", ${quoteCfg(`unix:${p.ctlSocket}`)})
modparam("tls", "config", ${quoteCfg(join(dir, 'tls.cfg'))})
modparam("tm", "failure_reply_mode", 3)
modparam("tm", "fr_timer", 10000)
modparam("tm", "fr_inv_timer", 30000)
modparam("rr", "enable_full_lr", 0)
modparam("rr", "append_fromtag", 0)
modparam("registrar", "method_filtering", 1)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "gruu_enabled", 0)
modparam("usrloc", "db_mode", 0)
modparam("usrloc", "use_domain", 0)
modparam("auth_db", "db_url", ${quoteCfg(`text://${join(dir, 'db')}`)})
modparam("auth_db", "calculate_ha1", yes)
modparam("auth_db", "password_column", "password")
modparam("auth_db", "use_domain", 0)
modparam("auth_db", "load_credentials", "")
modparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")
modparam("nathelper", "natping_interval", 0)

request_route {
  xlog("L_INFO", "lab: $rm $ru from $fu via $pr:$si:$sp\\n");
  route(REQINIT);
  route(NATDETECT);

  if (is_method("CANCEL")) {
    if (t_check_trans()) { route(RELAY); }
    exit;
  }
  if (!is_method("ACK")) {
    if (t_precheck_trans()) { t_check_trans(); exit; }
    t_check_trans();
  }

  route(WITHINDLG);
  route(AUTH);

  remove_hf("Route");
  if (is_method("INVITE|SUBSCRIBE")) { record_route(); }

  route(REGISTRAR);

  if ($rU == $null) {
    sl_send_reply("484", "Address Incomplete");
    exit;
  }
  route(LOCATION);
}

route[REQINIT] {
  if (!mf_process_maxfwd_header("10")) {
    sl_send_reply("483", "Too Many Hops");
    exit;
  }
  if (is_method("OPTIONS") && uri == myself && $rU == $null) {
    sl_send_reply("200", "Keepalive");
    exit;
  }
  if (!sanity_check("17895", "7")) {
    xlog("L_WARN", "lab: malformed SIP message from $si:$sp\\n");
    exit;
  }
}

route[NATDETECT] {
  force_rport();
  if (nat_uac_test("19")) {
    if (is_method("REGISTER")) {
      fix_nated_register();
    } else if (is_first_hop()) {
      set_contact_alias();
    }
    setflag(FLT_NATS);
  }
}

route[WITHINDLG] {
  if (!has_totag()) return;
  if (loose_route()) {
    if (!isdsturiset()) { handle_ruri_alias(); }
    if (is_method("ACK")) { route(NATMANAGE); }
    route(RELAY);
    exit;
  }
  if (is_method("ACK")) {
    if (t_check_trans()) { route(RELAY); }
    exit;
  }
  sl_send_reply("404", "Not here");
  exit;
}

# Digest auth for every initial request: 401 for REGISTER, 407 otherwise.
route[AUTH] {
  if (!auth_check("$fd", "subscriber", "1")) {
    auth_challenge("$fd", "0");
    exit;
  }
  if (!is_method("REGISTER|PUBLISH")) { consume_credentials(); }
}

route[REGISTRAR] {
  if (!is_method("REGISTER")) return;
  if (isflagset(FLT_NATS)) { setbflag(FLB_NATB); }
  if (!save("location")) { sl_reply_error(); }
  exit;
}

route[LOCATION] {
  if (!lookup("location")) {
    xlog("L_INFO", "lab: $ru not registered\\n");
    sl_send_reply("404", "Not Found");
    exit;
  }
  route(RELAY);
}

route[RELAY] {
  if (is_method("INVITE|BYE|SUBSCRIBE|UPDATE")) {
    if (!t_is_set("branch_route")) { t_on_branch("MANAGE_BRANCH"); }
  }
  if (is_method("INVITE|SUBSCRIBE|UPDATE")) {
    if (!t_is_set("onreply_route")) { t_on_reply("MANAGE_REPLY"); }
  }
  if (!t_relay()) { sl_reply_error(); }
  exit;
}

route[NATMANAGE] {
  if (is_request()) {
    if (has_totag()) {
      if (check_route_param("nat=yes")) { setbflag(FLB_NATB); }
    }
  }
  if (!(isflagset(FLT_NATS) || isbflagset(FLB_NATB))) return;
  if (is_request()) {
    if (!has_totag()) {
      if (t_is_branch_route()) { add_rr_param(";nat=yes"); }
    }
  }
  if (is_reply()) {
    if (isbflagset(FLB_NATB)) {
      if (is_first_hop()) { set_contact_alias(); }
    }
  }
}

branch_route[MANAGE_BRANCH] {
  route(NATMANAGE);
}

onreply_route[MANAGE_REPLY] {
  if (status =~ "[12][0-9][0-9]") { route(NATMANAGE); }
}
`;
}

function tlsConfig(certPath: string, keyPath: string): string {
  return `[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = ${keyPath}
certificate = ${certPath}

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
`;
}

function resolvePort(v: number | 'random' | undefined, preferred: number): Promise<number> {
  if (v === 'random') return findFreePort({ proto: 'both' });
  if (v === undefined) return preferPort(preferred, { proto: 'both' });
  return Promise.resolve(v);
}

/** Parse `kamcmd ul.dump` text output into contacts. */
export function parseUlDump(text: string): UsrlocContact[] {
  const out: UsrlocContact[] = [];
  let aor: string | undefined;
  let cur: { contact?: string; received?: string; expires?: string; userAgent?: string; socket?: string } | undefined;
  const flush = (): void => {
    if (aor !== undefined && cur?.contact !== undefined) {
      out.push({
        aor,
        contact: cur.contact,
        ...(cur.received !== undefined ? { received: cur.received } : {}),
        ...(cur.expires !== undefined ? { expires: cur.expires } : {}),
        ...(cur.userAgent !== undefined ? { userAgent: cur.userAgent } : {}),
        ...(cur.socket !== undefined ? { socket: cur.socket } : {}),
      });
    }
    cur = undefined;
  };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1] ?? '';
    const value = m[2] ?? '';
    if (key === 'AoR') {
      flush();
      aor = value;
    } else if (key === 'Address') {
      flush();
      cur = { contact: value };
    } else if (cur) {
      if (value === '[not set]') continue;
      if (key === 'Socket') cur.socket = value;
      else if (key === 'Received') cur.received = value;
      else if (key === 'Expires') cur.expires = value;
      else if (key === 'User-Agent') cur.userAgent = value;
    }
  }
  flush();
  return out;
}

/**
 * Start a private Kamailio (see module docs). Fails with a clear Error
 * (including Kamailio's log) if a tool/module is missing, a port is busy,
 * or it does not listen on UDP, TCP and TLS within the timeout.
 */
export async function startKamailio(opts: KamailioOptions): Promise<KamailioHandle> {
  const kamailio = requireTool('kamailio');
  const kamcmd = requireTool('kamcmd');
  requireKamailioModules(MODULES);
  if (opts.users.length === 0) throw new Error('lab: startKamailio needs at least one user');

  const host = LOOPBACK;
  const domain = opts.domain ?? LOOPBACK;
  const port = await resolvePort(opts.udpPort, 5060);
  const tlsPort = await resolvePort(opts.tlsPort, 5061);
  if (port === tlsPort) throw new Error('lab: Kamailio udpPort and tlsPort must differ');
  await assertPortsFree([port], 'both');
  await assertPortsFree([tlsPort], 'tcp');

  const dir = opts.workDir ?? makeWorkDir('kamailio');
  mkdirSync(join(dir, 'db'), { recursive: true });
  mkdirSync(join(dir, 'run'), { recursive: true });
  const cert = await makeSelfSignedCert(dir);
  const ctlSocket = join(dir, 'ctl');

  const rows = opts.users.map(
    (u, i) => `${i + 1}:${dbTextEscape(u.username)}:${dbTextEscape(domain)}:${dbTextEscape(u.password)}::`,
  );
  writeFileSync(
    join(dir, 'db', 'subscriber'),
    `id(int,auto) username(string) domain(string) password(string) ha1(string,null) ha1b(string,null)\n${rows.join('\n')}\n`,
  );
  writeFileSync(join(dir, 'db', 'version'), 'table_name(string) table_version(int)\nsubscriber:7\n');
  writeFileSync(join(dir, 'tls.cfg'), tlsConfig(cert.certPath, cert.keyPath));
  const configPath = join(dir, 'kamailio.cfg');
  writeFileSync(
    configPath,
    kamailioConfig({ host, port, tlsPort, dir, ctlSocket, debugLevel: opts.debugLevel ?? 2 }),
  );

  const check = await runCommand(kamailio, ['-c', '-Y', join(dir, 'run'), '-f', configPath], { timeoutMs: 15_000, cwd: dir });
  if (check.code !== 0) {
    throw new Error(`lab: kamailio -c rejected ${configPath}:\n${check.stderr.slice(-4000)}`);
  }

  const proc = await startProcess({
    name: 'kamailio',
    command: kamailio,
    args: ['-DD', '-E', '-m', '64', '-M', '8', '-Y', join(dir, 'run'), '-f', configPath],
    cwd: dir,
  });
  const timeoutMs = opts.startTimeoutMs ?? 10_000;
  try {
    await Promise.race([
      Promise.all([
        waitForListening(port, 'udp', timeoutMs, host),
        waitForListening(port, 'tcp', timeoutMs, host),
        waitForListening(tlsPort, 'tcp', timeoutMs, host),
      ]),
      proc.waitForExit(timeoutMs + 1000).then((e) => {
        throw new Error(`kamailio exited during startup (code ${String(e.code)}, signal ${String(e.signal)})`);
      }),
    ]);
  } catch (err) {
    await proc.stop();
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`lab: Kamailio did not start: ${msg}\n--- kamailio log ---\n${proc.tail(4000)}`);
  }

  const rpc = async (command: string, ...args: string[]): Promise<string> => {
    const r = await runCommand(kamcmd, ['-s', `unix:${ctlSocket}`, command, ...args], { timeoutMs: 5000 });
    if (r.code !== 0) throw new Error(`kamcmd ${command} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };
  const usrlocDump = async (): Promise<UsrlocContact[]> => parseUlDump(await rpc('ul.dump'));
  const contactsOf = async (username: string): Promise<UsrlocContact[]> =>
    (await usrlocDump()).filter((c) => c.aor === username || c.aor.startsWith(`${username}@`));

  return {
    host,
    udpPort: port,
    tcpPort: port,
    tlsPort,
    domain,
    certPath: cert.certPath,
    keyPath: cert.keyPath,
    workDir: dir,
    configPath,
    ctlSocket,
    process: proc,
    logs: () => proc.output(),
    rpc,
    usrlocDump,
    isRegistered: async (username) => (await contactsOf(username)).length > 0,
    waitForRegistration: async (username, waitMs = 10_000) => {
      try {
        return await pollUntil(
          `${username} in Kamailio usrloc`,
          async () => {
            const c = await contactsOf(username);
            return c.length > 0 ? c : undefined;
          },
          waitMs,
          150,
        );
      } catch (err) {
        const lab = proc.output().split('\n').filter((l) => l.includes('lab:')).slice(-30).join('\n');
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- kamailio requests ---\n${lab}`);
      }
    },
    stop: () => proc.stop(),
  };
}
