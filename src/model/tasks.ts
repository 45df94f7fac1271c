// Task lists (`- [ ] item`) in Markdown text: where the items are, and the text with ticks applied. Pure.

export interface TaskItem {
  index: number;
  done: boolean;
  text: string;
  /** Where the `[ ]` marker's space or x is in the text. */
  at: number;
}

// a list item's first line: optional quote markers, a bullet or number, then [ ] or [x] and a space
const ITEM = /^((?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[)([ xX])(\][ \t]+)(.*)$/;
const FENCE = /^[ \t]*(```|~~~)/;

/** The task items of a text in order, their state as ticked from the page (`ticks`) where it was. */
export function taskItems(text: string, ticks: Record<string, boolean> = {}): TaskItem[] {
  const out: TaskItem[] = [];
  let fence: string | null = null;
  let pos = 0;
  for (const line of text.split('\n')) {
    const f = FENCE.exec(line);
    if (f) fence = fence === null ? f[1]! : fence === f[1] ? null : fence;
    else if (fence === null) {
      const m = ITEM.exec(line);
      if (m) {
        const index = out.length;
        const written = m[2] !== ' ';
        out.push({ index, done: ticks[String(index)] ?? written, text: m[4]!.trim(), at: pos + m[1]!.length });
      }
    }
    pos += line.length + 1;
  }
  return out;
}

/** The text with each item's marker saying what the ticks say: what the page renders and an editor starts from. */
export function withTicks(text: string, ticks: Record<string, boolean> | undefined): string {
  if (!ticks || Object.keys(ticks).length === 0) return text;
  let out = text;
  for (const item of taskItems(text, ticks))
    out = `${out.slice(0, item.at)}${item.done ? 'x' : ' '}${out.slice(item.at + 1)}`;
  return out;
}
