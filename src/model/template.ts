// Ticket templates, GitHub-style: Markdown with front matter naming the ticket's type, labels and title.

export interface TicketTemplate {
  /** The file's name without `.md` (what `dit new --template NAME` takes). */
  key: string;
  name: string;
  about: string;
  title: string;
  type: string | null;
  labels: string[];
  priority: string | null;
  severity: string | null;
  milestone: string | null;
  responsible: string | null;
  body: string;
}

const unquote = (s: string): string => {
  const t = s.trim();
  if (t.length >= 2 && ((t[0] === '"' && t.at(-1) === '"') || (t[0] === "'" && t.at(-1) === "'"))) {
    return t[0] === '"'
      ? t.slice(1, -1).replace(/\\"/g, '"').replace(/\\\\/g, '\\')
      : t.slice(1, -1).replace(/''/g, "'");
  }
  return t;
};

/** `a, b`, `[a, "b"]` or YAML's `- a` lines, as a list. */
const list = (inline: string, items: string[]): string[] => {
  const t = inline.trim().replace(/^\[(.*)\]$/, '$1');
  return [...(t ? t.split(',') : []), ...items].map(unquote).filter(Boolean);
};

/**
 * Reads a template: front matter between `---` lines (`name`, `about`, `title`, `type`, `labels`,
 * `priority`, `severity`, `milestone`, `assignees` or `responsible`), then the body. The subset of YAML
 * GitHub's templates use; unknown keys are ignored, a file without front matter is all body.
 */
export function parseTemplate(key: string, text: string): TicketTemplate {
  const t: TicketTemplate = {
    key,
    name: key,
    about: '',
    title: '',
    type: null,
    labels: [],
    priority: null,
    severity: null,
    milestone: null,
    responsible: null,
    body: '',
  };
  const src = text.replace(/\r\n/g, '\n').replace(/^\uFEFF/, '');
  const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(src);
  t.body = (m ? src.slice(m[0].length) : src).replace(/^\n+/, '');
  if (!m) return t;
  const lines = m[1]!.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const kv = /^([A-Za-z_-]+):(.*)$/.exec(lines[i]!);
    if (!kv) continue;
    const items: string[] = [];
    while (i + 1 < lines.length && /^\s*-\s+/.test(lines[i + 1]!)) items.push(lines[++i]!.replace(/^\s*-\s+/, ''));
    const k = kv[1]!.toLowerCase();
    const v = kv[2]!;
    if (k === 'labels') t.labels = list(v, items);
    else if (k === 'assignees' || k === 'responsible') t.responsible = list(v, items)[0] ?? null;
    else if (k === 'name' || k === 'about' || k === 'title') t[k] = unquote(v);
    else if (k === 'type' || k === 'priority' || k === 'severity' || k === 'milestone') t[k] = unquote(v) || null;
  }
  return t;
}
