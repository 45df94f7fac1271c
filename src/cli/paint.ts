// Colour for the terminal: whether to use it (flags, NO_COLOR, FORCE_COLOR, color.ui) and the ANSI codes.
import { usage } from '../errors.js';
import { isOpen, type Status } from '../model/fields.js';

export type ColorWhen = 'auto' | 'always' | 'never';

/** What each kind of text looks like; the plain paint returns text unchanged. */
export interface Paint {
  readonly on: boolean;
  id: (s: string) => string;
  status: (status: string, text?: string) => string;
  label: (name: string, hex: string | undefined) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
  added: (s: string) => string;
  removed: (s: string) => string;
}

const same = (s: string) => s;
export const PLAIN: Paint = {
  on: false,
  id: same,
  status: (s, text = s) => text,
  label: (name) => name,
  dim: same,
  bold: same,
  added: same,
  removed: same,
};

const sgr = (code: string) => (s: string) => (s ? `\x1b[${code}m${s}\x1b[0m` : s);
const DONE = new Set(['fixed', 'resolved', 'merged']);

/** ANSI paint; `truecolor` says whether label colours go out as 24-bit or as the nearest of 256. */
export function ansiPaint(truecolor: boolean): Paint {
  const green = sgr('32');
  const magenta = sgr('35');
  const grey = sgr('90');
  return {
    on: true,
    id: sgr('2'),
    status: (status, text = status) =>
      isOpen(status as Status) ? green(text) : DONE.has(status) ? magenta(text) : grey(text),
    label: (name, hex) => {
      const rgb = hex && /^[0-9a-f]{6}$/i.test(hex) ? hex : null;
      if (!rgb) return name;
      const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(rgb.slice(i, i + 2), 16)) as [number, number, number];
      return sgr(truecolor ? `38;2;${r};${g};${b}` : `38;5;${nearest256(r, g, b)}`)(name);
    },
    dim: sgr('2'),
    bold: sgr('1'),
    added: green,
    removed: sgr('31'),
  };
}

/** The xterm 256-colour cube index closest to an RGB colour. */
function nearest256(r: number, g: number, b: number): number {
  const step = (c: number) => (c < 48 ? 0 : c < 115 ? 1 : Math.min(5, Math.floor((c - 35) / 40)));
  return 16 + 36 * step(r) + 6 * step(g) + step(b);
}

export function parseColorWhen(value: string | undefined, where: string): ColorWhen | undefined {
  if (value === undefined) return undefined;
  // as git: --color alone means always, and true/false are accepted too
  const v = value === '' ? 'always' : value.toLowerCase();
  if (v === 'always' || v === 'true') return 'always';
  if (v === 'never' || v === 'false') return 'never';
  if (v === 'auto') return 'auto';
  throw usage(`${where} takes auto, always or never, not "${value}"`);
}

/**
 * Whether to colour: an explicit --color wins, then FORCE_COLOR, then NO_COLOR, then git's `color.dit` /
 * `color.ui` (asked through `config`, which answers for a terminal or not), and by default a terminal only.
 */
export async function wantColor(
  when: ColorWhen | undefined,
  env: NodeJS.ProcessEnv,
  tty: boolean,
  config: (tty: boolean) => Promise<boolean>,
): Promise<boolean> {
  if (when === 'always') return true;
  if (when === 'never') return false;
  if (when === 'auto') return tty && env.TERM !== 'dumb';
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR) return false;
  if (tty && env.TERM === 'dumb') return false;
  return config(tty);
}

export const truecolor = (env: NodeJS.ProcessEnv): boolean => /^(truecolor|24bit)$/i.test(env.COLORTERM ?? '');
