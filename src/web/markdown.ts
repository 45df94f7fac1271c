// Markdown as GitHub renders it for issues: CommonMark plus tables, strikethrough and autolinks, code
// highlighted, `#id` tickets and commit ids linked, `@mentions` marked; then an allow-list sanitiser,
// so whatever HTML a comment carries comes out inert.
import { createHash } from 'node:crypto';
import hljs from 'highlight.js/lib/common';
import MarkdownIt, { type StateCore, type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { cache } from '../caches.js';

/** How the renderer links references; answers must be ready before rendering (see `references`). */
export interface Refs {
  ticket: (prefix: string) => string | null;
  commit: (hex: string) => string | null;
}

const TICKET = /#([0-9a-f]{7,40})\b/gi;
const COMMIT = /\b[0-9a-f]{7,40}\b/gi;
/** One pattern for the renderer: a ticket reference, a mention, or a bare hex word. */
const REF =
  /(^|[^\w&/])#([0-9a-f]{7,40})\b|(^|[^\w.@`])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)|\b([0-9a-f]{7,40})\b/gi;

/** The ticket prefixes and hex words a text names, to be resolved before it is rendered. */
export function references(text: string): { tickets: string[]; commits: string[] } {
  const tickets = new Set<string>();
  const commits = new Set<string>();
  for (const m of text.matchAll(TICKET)) tickets.add(m[1]!.toLowerCase());
  for (const m of text.matchAll(COMMIT)) if (/[a-f]/i.test(m[0]) && /\d/.test(m[0])) commits.add(m[0].toLowerCase());
  return { tickets: [...tickets], commits: [...commits] };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const md: InstanceType<typeof MarkdownIt> = new MarkdownIt({
  html: true, // raw HTML is allowed in, as on GitHub, and the sanitiser decides what survives
  linkify: true,
  highlight(code, lang): string {
    if (!lang || !hljs.getLanguage(lang)) return '';
    try {
      return `<pre><code class="hljs language-${escapeHtml(lang)}">${hljs.highlight(code, { language: lang, ignoreIllegals: true }).value}</code></pre>`;
    } catch {
      return '';
    }
  },
}).enable(['table', 'strikethrough']);

// GitHub task lists: a list item that starts with [ ] or [x] shows a (read-only) checkbox
md.core.ruler.push('dit_tasks', (state: StateCore) => {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open' || tokens[i - 2]!.type !== 'list_item_open')
      continue;
    const first = t.children?.[0];
    const m = first?.type === 'text' ? /^\[([ xX])\]\s+/.exec(first.content) : null;
    if (!first || !m) continue;
    first.content = first.content.slice(m[0].length);
    const box = new state.Token('html_inline', '', 0);
    box.content = `<input type="checkbox" disabled${m[1] === ' ' ? '' : ' checked'}> `;
    t.children!.unshift(box);
    tokens[i - 2]!.attrJoin('class', 'task-list-item');
  }
});

md.core.ruler.push('dit_refs', (state: StateCore) => {
  const refs = (state.env as { refs?: Refs }).refs;
  if (!refs) return;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    let inLink = 0;
    const out: Token[] = [];
    for (const t of block.children) {
      if (t.type === 'link_open') inLink++;
      if (t.type === 'link_close') inLink--;
      if (t.type !== 'text' || inLink > 0) {
        out.push(t);
        continue;
      }
      out.push(...linkRefs(state.Token, t.content, refs));
    }
    block.children = out;
  }
});

/** Splits a text token into text and links for the references it holds. */
function linkRefs(TokenClass: typeof Token, text: string, refs: Refs): Token[] {
  const out: Token[] = [];
  let last = 0;
  const push = (content: string) => {
    if (content) {
      const t = new TokenClass('text', '', 0);
      t.content = content;
      out.push(t);
    }
  };
  const link = (href: string, label: string, cls: string) => {
    const open = new TokenClass('link_open', 'a', 1);
    open.attrs = [
      ['href', href],
      ['class', cls],
    ];
    out.push(open);
    push(label);
    out.push(new TokenClass('link_close', 'a', -1));
  };
  for (const m of text.matchAll(REF)) {
    const start = m.index! + (m[1] ?? m[3] ?? '').length;
    let done = false;
    if (m[2]) {
      const id = refs.ticket(m[2].toLowerCase());
      if (id) {
        push(text.slice(last, start));
        link(`/tickets/${id}`, `#${m[2]}`, 'issue-link');
        done = true;
      }
    } else if (m[4]) {
      push(text.slice(last, start));
      const open = new TokenClass('html_inline', '', 0);
      open.content = `<span class="user-mention">@${escapeHtml(m[4])}</span>`;
      out.push(open);
      done = true;
    } else if (m[5]) {
      const sha = refs.commit(m[5].toLowerCase());
      if (sha) {
        push(text.slice(last, start));
        link(`/commits/${sha}`, m[5].slice(0, 7), 'commit-link');
        done = true;
      }
    }
    if (done) last = m.index! + m[0].length;
  }
  push(text.slice(last));
  return out;
}

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'kbd',
    'samp',
    'var',
    'em',
    'strong',
    'b',
    'i',
    'u',
    's',
    'del',
    'ins',
    'mark',
    'sub',
    'sup',
    'small',
    'abbr',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'a',
    'img',
    'span',
    'div',
    'details',
    'summary',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'class', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: ['class'],
    span: ['class'],
    li: ['class'],
    input: ['type', 'checked', 'disabled'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    abbr: ['title'],
    details: ['open'],
    pre: ['tabindex'],
  },
  allowedClasses: {
    code: [/^hljs$/, /^language-[\w+-]+$/],
    span: [/^hljs-[\w-]+$/, 'user-mention'],
    a: ['issue-link', 'commit-link', 'remote-image'],
    li: ['task-list-item'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    // a code block wider than a phone's screen scrolls sideways: the keyboard must reach it (WCAG 2.1.1)
    pre: sanitizeHtml.simpleTransform('pre', { tabindex: '0' }),
    // the only input a text may hold is a task list's checkbox, never one a reader could use
    input: (_tag, attribs) => ({
      tagName: 'input',
      attribs: { type: 'checkbox', disabled: '', ...('checked' in attribs ? { checked: '' } : {}) },
    }),
  },
};

/**
 * Without remote images (the default), an image from another host becomes a link to it: loading it
 * would tell that host who reads the ticket, and when. `git config dit.remoteImages true` shows them.
 */
const NO_REMOTE_IMAGES: sanitizeHtml.IOptions = {
  ...ALLOWED,
  transformTags: {
    ...ALLOWED.transformTags,
    img: (tag, attribs) => {
      const src = attribs.src ?? '';
      if (!/^https?:/i.test(src)) return { tagName: tag, attribs };
      return {
        tagName: 'a',
        attribs: {
          href: src,
          rel: 'nofollow noopener noreferrer',
          class: 'remote-image',
          title: `image from ${hostOf(src)}, not loaded`,
        },
        text: `image: ${attribs.alt || hostOf(src)}`,
      };
    },
  },
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'another site';
  }
}

/**
 * Markdown to safe HTML. Rendered text is remembered by its content and how its references resolved,
 * so a ticket page with fifty comments costs a lookup per comment once seen.
 */
export function renderMarkdown(text: string, refs: Refs, opts: { remoteImages?: boolean } = {}): string {
  const found = references(text);
  const key = createHash('sha1')
    .update(opts.remoteImages ? 'img\0' : '\0')
    .update(text)
    .update('\0')
    .update(found.tickets.map((p) => `${p}=${refs.ticket(p)}`).join(','))
    .update('\0')
    .update(found.commits.map((p) => `${p}=${refs.commit(p)}`).join(','))
    .digest('hex');
  const rendered = cache<string>('markdown');
  const hit = rendered.get(key);
  if (hit !== undefined) return hit;
  const html = sanitizeHtml(md.render(text, { refs }), opts.remoteImages ? ALLOWED : NO_REMOTE_IMAGES);
  rendered.set(key, html);
  return html;
}
