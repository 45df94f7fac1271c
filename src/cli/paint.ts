// Colour for the terminal: whether to use it (flags, NO_COLOR, FORCE_COLOR, color.ui) and the ANSI codes.
import { usage } from '../errors.js';
import { isDone, isOpen, type Status } from '../model/fields.js';

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

/** ANSI paint; `truecolor` says whether label colours go out as 24-bit or as the nearest of 256. */
export function ansiPaint(truecolor: boolean): Paint {
  const green = sgr('32');
  const magenta = sgr('35');
  const grey = sgr('90');
  return {
    on: true,
    id: sgr('2'),
    status: (status, text = status) =>
      isOpen(status as Status) ? green(text) : isDone(status as Status) ? magenta(text) : grey(text),
    label: (name, hex) => {
      const rgb = parseHex(hex);
      if (!rgb) return name;
      // a chip, as GitHub draws labels: the label's colour behind, black or white text on it, readable
      // on a dark terminal and on a light one alike
      const [r, g, b] = rgb;
      const dark = lightness(r, g, b) < LIGHTNESS_THRESHOLD;
      const back = truecolor ? `48;2;${r};${g};${b}` : `48;5;${nearest256(r, g, b)}`;
      const text = truecolor ? (dark ? '38;2;255;255;255' : '38;2;0;0;0') : dark ? '38;5;231' : '38;5;16';
      return sgr(`${back};${text}`)(name);
    },
    dim: sgr('2'),
    bold: sgr('1'),
    added: green,
    removed: sgr('31'),
  };
}

const parseHex = (hex: string | undefined): [number, number, number] | null =>
  hex && /^[0-9a-f]{6}$/i.test(hex)
    ? ([0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number])
    : null;

/** GitHub's rule for label text: white on colours darker than this perceived lightness, black on lighter ones. */
export const LIGHTNESS_THRESHOLD = 0.453;

/** Perceived lightness, 0 to 1, of an sRGB colour (the weights of Rec. 709, as GitHub's label CSS uses). */
export function lightness(r: number, g: number, b: number): number {
  return (r * 0.2126 + g * 0.7152 + b * 0.0722) / 255;
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
