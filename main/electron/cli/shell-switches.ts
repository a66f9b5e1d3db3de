/**
 * The desktop app's command-line switches, for desktop shortcuts, scripts and
 * Wayland (where global hotkeys are unreliable: bind `dialtone --answer` in the
 * desktop's own shortcut settings instead). A second `dialtone` process hands
 * its argv to the running instance and exits, so these act on the running app.
 *
 *   --dial <target>   call a number, SIP address or link (confirmed like a link)
 *   --answer          answer the ringing call
 *   --hangup          hang up the active call
 *   --mute            toggle mute on the active call
 *   --show            bring the window to the front
 *   --minimized       start in the tray without showing the window
 *   tel:/sip:/sips:/callto: links anywhere in argv
 *
 * argv is scanned whole (Chromium adds switches of its own and may reorder
 * them); unknown switches are ignored, since they belong to Chromium.
 */
import { findCallLink } from '../../common/links/call-link';
import type { HotkeyAction } from '../../common/models/shell';

/** One thing the command line asks the running app to do. */
export type ShellCommand =
  | { readonly kind: 'link'; readonly url: string }
  | { readonly kind: 'dial'; readonly target: string }
  | { readonly kind: 'action'; readonly action: Extract<HotkeyAction, 'answer' | 'hangup' | 'toggleMute'> }
  | { readonly kind: 'show' };

/** What a command line asks for. */
export interface ShellSwitches {
  readonly commands: readonly ShellCommand[];
  /** Start without showing the window (only meaningful on a cold start). */
  readonly minimized: boolean;
  /** Switches that were malformed (e.g. `--dial` without a target), to report. */
  readonly problems: readonly string[];
}

const ACTIONS: Readonly<Record<string, Extract<HotkeyAction, 'answer' | 'hangup' | 'toggleMute'>>> = {
  '--answer': 'answer',
  '--hangup': 'hangup',
  '--mute': 'toggleMute',
};

/** Parses a full argv (including the executable and, in development, the app path). */
export function parseShellSwitches(argv: readonly string[]): ShellSwitches {
  const commands: ShellCommand[] = [];
  const problems: string[] = [];
  let minimized = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--dial' || arg.startsWith('--dial=')) {
      const target = arg === '--dial' ? argv[++i] : arg.slice('--dial='.length);
      if (target === undefined || target.trim() === '' || target.startsWith('--')) problems.push('--dial needs a number or SIP address after it.');
      else commands.push({ kind: 'dial', target });
      continue;
    }
    const action = ACTIONS[arg];
    if (action) commands.push({ kind: 'action', action });
    else if (arg === '--show') commands.push({ kind: 'show' });
    else if (arg === '--minimized') minimized = true;
  }
  // A link after --dial was already taken as its target.
  const link = findCallLink(argv);
  if (link !== undefined && !commands.some((c) => c.kind === 'dial' && c.target === link)) commands.push({ kind: 'link', url: link });
  return { commands, minimized, problems };
}
