// The page frame and the small pieces every page uses: labels, state badges, times, people, forms.
// Over 300 lines: the small components every page imports; each is a few lines and split further they would only be
// re-exported.

import { createHash } from 'node:crypto';
import type { Child, FC } from 'hono/jsx';
import type { Score } from '../model/entries/review.js';
import { isDone, isOpen, type Status } from '../model/fields.js';
import { shortId } from '../model/ids.js';
import { defaultColor } from '../model/label-def.js';
import { avatarHue, type Directory, initials, type KnownPerson } from '../model/people.js';
import type { Author } from '../model/schema.js';
import { GRAVATAR } from './security.js';
import type { Theme } from './theme.js';

/** What the frame of every page needs to know about the request. */
export interface Frame {
  repo: string;
  token: string;
  /** The branch the page shows (`?branch=`), or null for the working tree. */
  branch: string | null;
  branches: string[];
  current: string | null;
  /** Entry files staged under .dit/ and not committed yet. */
  pending: number;
  /** Entries dit wrote that no branch, index or journal holds any more (`dit recover`). */
  lost: number;
  bare: boolean;
  /** The page's own path and query, to come back to after a form posts. */
  here: string;
  /** Who the repository knows: names for emails, and the people picker's choices. */
  people: Directory;
  /** The colour theme the reader chose (the system's by default). */
  theme?: Theme;
  /** Whether the viewer may change the repository (false for a reader on `dit server`). */
  write?: boolean;
  /**
   * Whether the viewer may take part: open tickets, comment, react, vote, and edit, close or reopen what
   * they wrote (a reader on `dit server` may; nobody signed in may not).
   */
  part?: boolean;
  /** Who the viewer is (email, or name), to tell what they wrote themselves; null when nobody knows. */
  me?: string | null;
  /** The review scores the viewer may give (a reader on `dit server`: +1 and -1; nobody signed in: none). */
  scores?: readonly Score[];
  /** Whether avatars come from Gravatar (the server allows it); otherwise initials, and no request. */
  gravatar?: boolean;
}

/** Whether the viewer wrote it themselves (their ticket, their comment), by email as the server's rule tells. */
export const mine = (f: Pick<Frame, 'me'>, a: { name: string; email: string }): boolean =>
  !!f.me && !!a.email && f.me.toLowerCase() === a.email.toLowerCase();

/** Whether the viewer may edit, close or reopen what someone wrote: with write access, or when it is theirs. */
export const mayChange = (f: Pick<Frame, 'me' | 'write' | 'part'>, a: { name: string; email: string }): boolean =>
  f.write !== false || (f.part !== false && mine(f, a));

/** A link that keeps the branch the page is showing. */
export function href(
  f: Pick<Frame, 'branch'>,
  path: string,
  params: Record<string, string | number | undefined> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  if (f.branch) q.set('branch', f.branch);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

export const Icon: FC<{ name: keyof typeof ICONS; class?: string }> = ({ name, class: cls }) => (
  <svg class={`octicon ${cls ?? ''}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
    <path fill-rule="evenodd" d={ICONS[name]} />
  </svg>
);

// Octicons (MIT), the paths GitHub draws these states with
const ICONS = {
  x:
    'M3.72 3.72a.75.75 0 0 1 1.06 0L8 6.94l3.22-3.22a.749.749 0 0 1 1.275.326.749.749 0 0 1-.215.734L9.06 8l3.22 3.22a.749.749 0 0 1-.326 1.275.749.749 ' +
    '0 0 1-.734-.215L8 9.06l-3.22 3.22a.751.751 0 0 1-1.042-.018.751.751 0 0 1-.018-1.042L6.94 8 3.72 4.78a.75.75 0 0 1 0-1.06Z',
  dot: 'M8 4a4 4 0 1 1 0 8 4 4 0 0 1 0-8Z',
  open: 'M8 9.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3ZM8 0a8 8 0 1 1 0 16A8 8 0 0 1 8 0ZM1.5 8a6.5 6.5 0 1 0 13 0 6.5 6.5 0 0 0-13 0Z',
  closed:
    'M11.28 6.78a.75.75 0 0 0-1.06-1.06L7.25 8.69 5.78 7.22a.75.75 0 0 0-1.06 1.06l2 2a.75.75 0 0 0 ' +
    '1.06 0l3.5-3.5ZM16 8A8 8 0 1 1 0 8a8 8 0 0 1 16 0Zm-1.5 0a6.5 6.5 0 1 0-13 0 6.5 6.5 0 0 0 13 0Z',
  skip:
    'M3.5 8a4.5 4.5 0 1 1 9 0 4.5 4.5 0 0 1-9 0ZM8 0a8 8 0 1 0 0 16A8 8 0 0 0 8 0Zm0 1.5a6.5 6.5 0 1 1 0 13 ' +
    '6.5 6.5 0 0 1 0-13ZM4.22 4.22a.75.75 0 0 1 1.06 0l6.5 6.5a.75.75 0 1 1-1.06 1.06l-6.5-6.5a.75.75 0 0 1 0-1.06Z',
  comment:
    'M1 2.75C1 1.784 1.784 1 2.75 1h10.5c.966 0 1.75.784 1.75 1.75v7.5A1.75 1.75 0 0 1 13.25 12H9.06l-2.573 ' +
    '2.573A1.458 1.458 0 0 1 4 13.543V12H2.75A1.75 1.75 0 0 1 1 10.25Zm1.75-.25a.25.25 0 0 0-.25.25v7.5c0 ' +
    '.138.112.25.25.25h2a.75.75 0 0 1 .75.75v2.19l2.72-2.72a.749.749 0 0 1 .53-.22h4.5a.25.25 0 0 0 .25-.25v-7.5a.25.25 0 0 0-.25-.25Z',
  branch:
    'M9.5 3.25a2.25 2.25 0 1 1 3 2.122V6A2.5 2.5 0 0 1 10 8.5H6a1 1 0 0 0-1 1v1.128a2.251 2.251 0 1 1-1.5 ' +
    '0V5.372a2.25 2.25 0 1 1 1.5 0v1.836A2.493 2.493 0 0 1 6 7h4a1 1 0 0 0 1-1v-.628A2.25 2.25 0 0 1 9.5 3.25Zm-6 ' +
    '0a.75.75 0 1 0 1.5 0 .75.75 0 0 0-1.5 0Zm8.25-.75a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5ZM4.25 12a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Z',
  commit:
    'M11.93 8.5a4.002 4.002 0 0 1-7.86 0H.75a.75.75 0 0 1 0-1.5h3.32a4.002 4.002 0 0 ' +
    '1 7.86 0h3.32a.75.75 0 0 1 0 1.5Zm-1.43-.75a2.5 2.5 0 1 0-5 0 2.5 2.5 0 0 0 5 0Z',
  tag:
    'M1 7.775V2.75C1 1.784 1.784 1 2.75 1h5.025c.464 0 .91.184 1.238.513l6.25 6.25a1.75 1.75 0 0 1 0 2.474l-5.026 ' +
    '5.026a1.75 1.75 0 0 1-2.474 0l-6.25-6.25A1.752 1.752 0 0 1 1 7.775Zm1.5 0c0 .066.026.13.073.177l6.25 ' +
    '6.25a.25.25 0 0 0 .354 0l5.025-5.025a.25.25 0 0 0 0-.354l-6.25-6.25a.25.25 0 0 0-.177-.073H2.75a.25.25 0 0 0-.25.25ZM6 5a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z',
  milestone:
    'M7.75 0a.75.75 0 0 1 .75.75V3h3.634c.414 0 .814.147 1.13.414l2.07 1.75a1.75 1.75 0 0 1 0 2.672l-2.07 ' +
    '1.75a1.75 1.75 0 0 1-1.13.414H8.5v5.25a.75.75 0 0 1-1.5 0V10H2.75A1.75 1.75 0 0 1 1 8.25v-3.5C1 3.784 1.784 ' +
    '3 2.75 3H7V.75A.75.75 0 0 1 7.75 0Zm4.384 8.5a.25.25 0 0 0 .161-.06l2.07-1.75a.248.248 0 0 0 ' +
    '0-.38l-2.07-1.75a.25.25 0 0 0-.161-.06H2.75a.25.25 0 0 0-.25.25v3.5c0 .138.112.25.25.25h9.384Z',
  check:
    'M13.78 4.22a.75.75 0 0 1 0 1.06l-7.25 7.25a.75.75 0 0 1-1.06 0L2.22 9.28a.751.751 ' +
    '0 0 1 .018-1.042.751.751 0 0 1 1.042-.018L6 10.94l6.72-6.72a.75.75 0 0 1 1.06 0Z',
  paperclip:
    'M12.212 3.02a1.753 1.753 0 0 0-2.478.003l-5.83 5.83a3.007 3.007 0 0 0-.88 2.127c0 .795.315 1.551.88 ' +
    '2.116.567.567 1.333.89 2.126.89.79 0 1.548-.321 2.116-.89l5.48-5.48a.75.75 0 0 1 1.061 1.06l-5.48 5.48a4.492 ' +
    '4.492 0 0 1-3.177 1.33c-1.2 0-2.345-.487-3.187-1.33a4.483 4.483 0 0 1-1.32-3.177c0-1.195.475-2.341 ' +
    '1.32-3.186l5.83-5.83a3.25 3.25 0 0 1 5.553 2.297c0 .863-.343 1.691-.953 2.301L7.439 ' +
    '12.39c-.375.377-.884.59-1.416.593a1.998 1.998 0 0 1-1.412-.587 1.992 1.992 0 0 1 0-2.827l5.48-5.48a.75.75 ' +
    '0 0 1 1.06 1.06l-5.48 5.48a.492.492 0 0 0 0 .707.499.499 0 0 0 .352.144.51.51 0 ' +
    '0 0 .356-.149l5.833-5.827a1.755 1.755 0 0 0 .518-1.24c0-.464-.184-.91-.513-1.237Z',
  pencil:
    'M11.013 1.427a1.75 1.75 0 0 1 2.474 0l1.086 1.086a1.75 1.75 0 0 1 0 2.474l-8.61 8.61c-.21.21-.47.364-.756.445l-3.251.93a.75.75 ' +
    '0 0 1-.927-.928l.929-3.25c.081-.286.235-.547.445-.758l8.61-8.61Zm.176 4.823L9.75 4.81l-6.286 6.287a.253.253 ' +
    '0 0 0-.064.108l-.558 1.953 1.953-.558a.253.253 0 0 0 .108-.064Zm1.238-3.763a.25.25 0 0 0-.354 0L10.811 3.75l1.439 1.44 1.263-1.263a.25.25 0 0 0 0-.354Z',
} as const;

export const stateIcon = (s: Status): 'open' | 'closed' | 'skip' =>
  isOpen(s) ? 'open' : isDone(s) ? 'closed' : 'skip';

/** The coloured status badge of the ticket header: green open, purple done, grey not planned. */
export const StateBadge: FC<{ status: Status }> = ({ status }) => {
  const icon = stateIcon(status);
  const cls = icon === 'open' ? 'State--open' : icon === 'closed' ? 'State--merged' : 'State--closed';
  return (
    <span class={`State ${cls}`} title={`Status: ${status}`}>
      <Icon name={icon} class="mr-1" />
      {isOpen(status) ? 'Open' : capital(status)}
    </span>
  );
};

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');

/** A label's colour: its definition's, else one derived from its name (the same on every page and branch). */
export const labelColor = (name: string, color: string | undefined): string =>
  /^[0-9a-f]{6}$/i.test(color ?? '') ? color!.toLowerCase() : defaultColor(name);

/** The label pill's style: its colour, with text dark or light enough to read on it. */
export function labelStyle(name: string, color: string | undefined): string {
  const c = labelColor(name, color);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(c.slice(i, i + 2), 16));
  const light = 0.299 * r! + 0.587 * g! + 0.114 * b! > 150;
  return `background-color:#${c};color:${light ? '#1f2328' : '#ffffff'};border-color:transparent`;
}

/** A label pill in its colour, linking to the open tickets that carry it. */
export const Label: FC<{ name: string; color: string | undefined; f: Pick<Frame, 'branch'>; title?: string }> = ({
  name,
  color,
  f,
  title,
}) => (
  <a
    class="IssueLabel hx_IssueLabel mr-1"
    href={href(f, '/', { q: `is:open label:${quoteValue(name)}` })}
    style={labelStyle(name, color)}
    title={title || undefined}
  >
    {name}
  </a>
);

/** A query value, quoted when it holds spaces or quotes. */
export const quoteValue = (v: string): string => (/^[^\s"():]+$/.test(v) ? v : `"${v.replace(/"/g, '')}"`);

/** A generated avatar: initials on a colour from the person's email. No image, so no request and no network. */
export const Avatar: FC<{ p: KnownPerson; size?: number; gravatar?: boolean }> = ({ p, size = 20, gravatar }) => (
  <span
    class="dit-avatar"
    aria-hidden="true"
    style={`--avatar-hue:${avatarHue(p)};width:${size}px;height:${size}px;font-size:${Math.round(size * 0.45)}px`}
  >
    {initials(p)}
    {/* over the initials; Gravatar's d=blank answers a transparent image for an unknown email */}
    {gravatar && p.email ? (
      <img
        src={gravatarUrl(p.email, size * 2)}
        alt=""
        width={size}
        height={size}
        loading="lazy"
        referrerpolicy="no-referrer"
      />
    ) : null}
  </span>
);

const hashes = new Map<string, string>();
/** Gravatar's address for an email (its SHA-256 of the trimmed, lowercased address), hashes kept (bounded). */
export function gravatarUrl(email: string, px: number): string {
  const e = email.trim().toLowerCase();
  let h = hashes.get(e);
  if (!h) {
    h = createHash('sha256').update(e).digest('hex');
    if (hashes.size >= 5000) hashes.clear();
    hashes.set(e, h);
  }
  return `${GRAVATAR}/avatar/${h}?s=${px}&d=blank`;
}

/** Someone, by name where the repository knows it (the email on hover), linking to what they opened. */
export const Person: FC<{
  who: Author | string;
  f: Pick<Frame, 'branch'> & { people?: Directory; gravatar?: boolean };
  avatar?: boolean;
  query?: string;
  class?: string;
}> = ({ who, f, avatar, query = 'author', class: cls }) => {
  // a person an import names is shown as the source named them, never as the account with that name
  const mark = typeof who === 'object' ? who.imported : undefined;
  const people = mark ? undefined : f.people;
  const p = people ? people.resolve(who) : typeof who === 'string' ? { name: who, email: '' } : who;
  const name = people?.display(p) ?? (p.name || p.email);
  const key = p.email || p.name;
  const link = (
    <a
      class={cls ?? 'Link--primary text-bold'}
      href={href(f, '/', { q: `is:open ${query}:${quoteValue(key)}` })}
      title={p.email ? (p.name ? `${p.name} <${p.email}>` : p.email) : p.name}
    >
      {avatar ? <Avatar p={p} gravatar={f.gravatar} /> : null}
      {name}
    </a>
  );
  return mark ? (
    <>
      {link} <ImportMark m={mark} />
    </>
  ) : (
    link
  );
};

/** "(imported from Gitblit, by james)": an imported entry's person is what its source said, not an author. */
const ImportMark: FC<{ m: NonNullable<Author['imported']> }> = ({ m }) => (
  <span class="color-fg-muted text-normal import-mark">
    (imported from{' '}
    {m.url ? (
      <a class="Link--secondary" href={m.url} rel="nofollow noopener noreferrer">
        {m.source}
      </a>
    ) : (
      m.source
    )}
    , by {m.by.name || m.by.email || 'someone'})
  </span>
);

/** "3 days ago", rendered on the server so it reads without script; app.js adds the exact time on hover. */
export const Time: FC<{ iso: string; now?: number }> = ({ iso, now }) => (
  <time datetime={iso}>{ago(iso, now ?? Date.now())}</time>
);

export function ago(iso: string, now: number): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return iso;
  if (s < 45) return 'just now';
  const units: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [2592000, 'month'],
    [31536000, 'year'],
  ];
  if (s < 0) return `on ${iso.slice(0, 10)}`;
  for (let i = units.length - 1; i >= 0; i--) {
    const [size, unit] = units[i]!;
    if (s >= size * (unit === 'minute' ? 0.75 : 1)) {
      const n = Math.max(1, Math.round(s / size));
      if (unit === 'month' && n >= 12) continue;
      return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** A form that posts back to this server with the token; `back` is where to return afterwards. */
export const PostForm: FC<{ action: string; f: Frame; class?: string; children?: Child; id?: string }> = ({
  action,
  f,
  class: cls,
  children,
  id,
}) => (
  <form method="post" action={action} class={cls} id={id}>
    <input type="hidden" name="_csrf" value={f.token} />
    <input type="hidden" name="back" value={f.here} />
    {f.branch ? <input type="hidden" name="branch" value={f.branch} /> : null}
    {children}
  </form>
);

/**
 * A button that opens a small form over the page (a ticket's title, a milestone, a label): the
 * details/summary pair, the popover, the form with its fields, the submit button and the shared choice.
 */
export const PopoverForm: FC<{
  f: Frame;
  action: string;
  /** The opening button's text and classes. */
  summary: Child;
  summaryClass: string;
  detailsClass: string;
  popoverClass: string;
  id?: string;
  submit: string;
  submitClass?: string;
  children?: Child;
}> = ({ f, action, summary, summaryClass, detailsClass, popoverClass, id, submit, submitClass, children }) => (
  <details class={detailsClass} id={id}>
    <summary class={summaryClass}>{summary}</summary>
    <div class={popoverClass}>
      <div class="Popover-message Box p-3 text-left color-shadow-large">
        <PostForm action={action} f={f}>
          {children}
          <button class={submitClass ?? 'btn btn-primary'} type="submit">
            {submit}
          </button>
          <SharedChoice f={f} />
        </PostForm>
      </div>
    </div>
  </details>
);

/** "Write to the shared journal instead": offered next to every action that writes. */
export const SharedChoice: FC<{ f: Frame }> = ({ f }) =>
  f.bare ? null : (
    <label
      class="text-small color-fg-muted ml-2 d-inline-flex flex-items-center"
      title="commit the change on refs/dit/journal, seen from every branch, instead of staging it in this branch"
    >
      <input type="checkbox" name="shared" value="1" class="mr-1" />
      shared journal
    </label>
  );

export const Select: FC<{
  name: string;
  values: readonly string[];
  selected?: string | null;
  empty?: string;
  id?: string;
  small?: boolean;
}> = ({ name, values, selected, empty, id, small }) => (
  <select name={name} id={id} class={small ? 'form-select select-sm' : 'form-select'}>
    {empty !== undefined ? (
      <option value="" selected={!selected}>
        {empty}
      </option>
    ) : null}
    {values.map((v) => (
      <option value={v} selected={v === selected}>
        {v}
      </option>
    ))}
  </select>
);

export { shortId };
