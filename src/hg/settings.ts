// hg's settings dit reads: who you are (ui.username, HGUSER), dit's own `[dit]` section, the editor, and a stamp of the config files.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DitError } from '../errors.js';
import type { TerminalSettings } from '../vcs/port.js';
import type { Hg } from './repo.js';

/** A config value (`section.name`), or null when unset. */
export async function hgConfig(hg: Hg, key: string): Promise<string | null> {
  const r = await hg.run(['config', key], { okCodes: [1] });
  return r.code === 0 ? r.stdout.toString('utf8').replace(/\n$/, '') : null;
}

/** Every `name = value` of dit's keys matching a pattern (`^dit\.query\.`), as `dit.<name>`. */
export async function hgConfigMatching(hg: Hg, pattern: string): Promise<{ name: string; value: string }[]> {
  const r = await hg.run(['config', 'dit', '-T', '{name}\\0{value}\\0'], { okCodes: [1] });
  const f = r.code === 0 ? r.stdout.toString('utf8').split('\0') : [];
  const re = new RegExp(pattern);
  const out: { name: string; value: string }[] = [];
  for (let i = 0; i + 1 < f.length; i += 2) if (re.test(f[i]!)) out.push({ name: f[i]!, value: f[i + 1]! });
  return out;
}

export const asBool = (v: string | null): boolean | null =>
  v === null
    ? null
    : /^(1|yes|true|on|always)$/i.test(v.trim())
      ? true
      : /^(0|no|false|off|never)$/i.test(v.trim())
        ? false
        : null;

/** Which files decide hg's settings, stat'ed: an answer kept under this stamp holds until one changes. */
export function hgConfigStamp(hg: Hg): string {
  const env = hg.env;
  const files = [
    join(hg.hgDir, 'hgrc'),
    join(homedir(), '.hgrc'),
    join(env.HOME ?? homedir(), '.hgrc'),
    join(env.XDG_CONFIG_HOME ?? join(env.HOME ?? homedir(), '.config'), 'hg', 'hgrc'),
    '/etc/mercurial/hgrc',
    ...(env.HGRCPATH ?? '').split(':').filter(Boolean),
  ];
  return [
    `HGRCPATH=${env.HGRCPATH ?? ''}`,
    ...files.map((f) => {
      const s = statSync(f, { bigint: true, throwIfNoEntry: false });
      return s ? `${f}:${s.mtimeNs}:${s.size}` : `${f}:-`;
    }),
  ].join('\n');
}

/** Who writes: `HGUSER`, else `ui.username`, as hg decides; "Name <email>" is required. */
export async function hgIdentity(hg: Hg): Promise<{ name: string; email: string }> {
  const raw = hg.env.HGUSER?.trim() || (await hgConfig(hg, 'ui.username'))?.trim() || hg.env.EMAIL?.trim() || '';
  const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(raw);
  const name = (m ? m[1]! : raw).trim();
  const email = m ? m[2]!.trim() : /@/.test(raw) ? raw : '';
  if (!name || !email)
    throw new DitError(
      'no-identity',
      'Mercurial does not know who you are; set `username = Your Name <you@example.com>` under [ui] in ~/.hgrc (or HGUSER)',
    );
  for (const [what, value] of [
    ['name', name],
    ['email', email],
  ] as const)
    if ([...value].length > 256)
      throw new DitError(
        'no-identity',
        `your hg ui.username ${what} is ${[...value].length} characters long and dit records at most 256; set a shorter one`,
      );
  return { name, email };
}

/** The editor, pager and colour as hg users expect them; hg's own pager and colour settings are not read. */
export function hgTerminal(hg: Hg): TerminalSettings {
  return {
    editor: async () => {
      const env = hg.env;
      const chosen = env.HGEDITOR || (await hgConfig(hg, 'ui.editor')) || env.VISUAL || env.EDITOR || '';
      return { command: chosen || 'vi', chosen: !!chosen };
    },
    commentChar: async () => '#',
    color: async (tty) => tty,
    pagerFor: async () => null,
    pager: async (named) => named ?? hg.env.PAGER ?? 'less',
  };
}
