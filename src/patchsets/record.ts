// Recording a push as a patchset: checks, classification, the entries and refs it writes. Used by the hook and `dit propose`.
// Over 300 lines: recording a push is one sequence (check, classify, write entries, move refs) whose steps share
// their state.
import { DitError } from '../errors.js';
import { createSchema } from '../model/entries/create.js';
import { labelSchema } from '../model/entries/label.js';
import { patchsetSchema } from '../model/entries/patchset.js';
import { setSchema } from '../model/entries/set.js';
import { statusSchema } from '../model/entries/status.js';
import { entryId, serialize } from '../model/entry-file.js';
import { isOpen } from '../model/fields.js';
import { shortId } from '../model/ids.js';
import { MAX_TEXT, MAX_TITLE } from '../model/schema.js';
import type { Ticket } from '../model/ticket.js';
import type { Store } from '../store/store.js';
import { PATCHSET_REFS, patchsetRef } from '../store/view/merged.js';
import type { View } from '../store/view/view.js';
import { header, nextClock, validated } from '../store/write/entries.js';
import { type NewEntry, type Target, writeEntries } from '../store/write/write.js';
import type { CommitInfo } from '../vcs/port.js';
import { type Classified, classify, isRewrite } from './classify.js';
import { type PushOptions, PushRefusal } from './push-options.js';
import { findPerson, mayRewrite, type Person, type Pusher, peopleFromEnv, samePerson } from './pusher.js';

export { PATCHSET_REFS, patchsetRef };
export const ticketBranch = (id: string): string => `ticket/${shortId(id)}`;

export interface PushInput {
  /** The ticket pushed to, or null for a new proposal. */
  ticket: Ticket | null;
  /** The target branch name (without refs/heads/) for a new proposal; an existing patchset keeps its own. */
  target: string;
  tip: string;
  options: PushOptions;
  pusher: Pusher;
  env: NodeJS.ProcessEnv;
}

export interface Recorded {
  id: string;
  title: string;
  created: boolean;
  classified: Classified;
  target: string;
  /** refs/heads/ticket/<shortid>: where it pointed before (null: new) and whether it was forced. */
  branch: { ref: string; old: string | null; forced: boolean };
  reopened: boolean;
  retitled: boolean;
  /** The entries written, in order; the patchset entry is the last. */
  entries: string[];
  /** A retried push of an open proposal's current tip: nothing was written ("no new changes"). */
  unchanged?: boolean;
}

const refuse = (message: string): never => {
  throw new PushRefusal(message);
};

const cut = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Title and description from commits: one commit gives both; several give `-o title` or the oldest's. */
function describe(commits: readonly CommitInfo[], title: string | undefined): { title: string; body: string } {
  const oldest = commits[0];
  const t = title ?? oldest?.subject ?? '';
  const body = commits.length === 1 || !title ? (oldest?.body ?? '') : '';
  return { title: cut(t.replace(/[\r\n]+/g, ' ').trim() || 'Proposal', MAX_TITLE), body: cut(body, MAX_TEXT) };
}

/** People `r=` and `cc=` may name: DIT_PEOPLE_FILE's accounts, else ticket authors and responsibles. */
async function people(view: View, env: NodeJS.ProcessEnv, pusher: Pusher): Promise<Person[]> {
  const fromEnv = await peopleFromEnv(env);
  if (fromEnv) return fromEnv;
  const out: Person[] = [{ name: pusher.name, email: pusher.email }];
  for (const s of await view.summaries()) {
    out.push({ name: s.author.name, email: s.author.email });
    if (s.responsible) out.push(s.responsible.includes('@') ? { email: s.responsible } : { name: s.responsible });
  }
  return out;
}

async function checkOptions(
  view: View,
  o: PushOptions,
  env: NodeJS.ProcessEnv,
  pusher: Pusher,
): Promise<{ responsible?: string; cc: string[] }> {
  if (o.milestone !== undefined) {
    const names = (await view.milestones()).map((m) => m.name);
    if (!names.includes(o.milestone))
      refuse(
        `unknown milestone "${o.milestone}"${names.length ? ` (known: ${names.slice(0, 10).join(', ')})` : ''}; ` +
          `create it with \`dit milestone new ${o.milestone}\``,
      );
  }
  if (o.responsible === undefined && !o.cc.length) return { cc: [] };
  const known = await people(view, env, pusher);
  const find = (v: string, what: string): string =>
    findPerson(known, v) ?? refuse(`unknown person "${v}" for ${what}; name someone by user name or email`);
  return {
    ...(o.responsible !== undefined ? { responsible: find(o.responsible, 'responsible') } : {}),
    cc: [...new Set(o.cc.map((c) => find(c, 'cc')))],
  };
}

/**
 * The open proposal a push of `tip` to `target` by `pusher` has already made: its current revision is
 * that commit, on that target, pushed by them. A push whose answer was lost (the server restarted, the
 * connection dropped) is retried with the same commit; as Gerrit does, the answer is then that proposal
 * ("no new changes"), never a second one.
 */
export async function retriedProposal(view: View, tip: string, target: string, pusher: Pusher): Promise<Ticket | null> {
  for (const s of await view.summaries()) {
    // not s.status: a working copy's branch holding the tip shows it merged there; the entries decide
    if (s.tip !== tip || s.target !== target) continue;
    const t = await view.ticket(s.id, true);
    const c = t.current;
    if (c && c.tip === tip && c.target === target && isOpen(t.status) && samePerson(c.author, pusher)) return t;
  }
  return null;
}

/** The answer to a retried push: the proposal as it is, its branch where its tip is. */
async function unchanged(store: Store, t: Ticket): Promise<Recorded> {
  const c = t.current!;
  const ref = `refs/heads/${ticketBranch(t.id)}`;
  let old = await store.vcs.resolve(ref);
  if (old !== c.tip) {
    // the branch was deleted or moved by hand since: the proposal's branch is its tip again
    await store.vcs.updateRefs([{ ref, next: c.tip }], `dit: #${shortId(t.id)} patchset ${c.number}`);
    old = null;
  }
  return {
    id: t.id,
    title: t.title,
    created: false,
    classified: { type: c.type, number: c.number, revision: c.revision, added: c.added },
    target: c.target,
    branch: { ref, old, forced: false },
    reopened: false,
    retitled: false,
    entries: [],
    unchanged: true,
  };
}

/**
 * Checks a push against the ticket, classifies it, and writes what it means: the tip kept under
 * refs/dit/patchsets/<id>/<n>, refs/heads/ticket/<shortid> moved to it, and the entries (create or
 * reopen, field changes, the patchset) in one write to `target`. Refusals are PushRefusal with a
 * message for the pusher; nothing is written then.
 */
export async function recordPush(store: Store, view: View, input: PushInput, target: Target): Promise<Recorded> {
  const vcs = store.vcs;
  const { ticket, tip, options, pusher } = input;
  const current = ticket?.current ?? null;
  const targetName = current?.target ?? input.target;
  if (!ticket) {
    const again = await retriedProposal(view, tip, targetName, pusher);
    if (again) return unchanged(store, again);
  }
  const targetTip = await vcs.targetTip(targetName, tip);
  if (!targetTip)
    refuse(`the target branch "${targetName}" does not exist; push it first, or push to refs/for/<branch> for another`);
  if (!(await vcs.hasCommit(tip))) refuse(`${tip} is not a commit`);
  if (ticket?.status === 'merged')
    refuse(`#${shortId(ticket.id)} is already merged; open a new proposal with refs/for/${targetName}`);
  if (ticket) {
    for (const ps of ticket.patchsets)
      for (const r of ps.revisions) {
        if (r.tip === tip)
          refuse(
            `#${shortId(ticket.id)} already has ${tip.slice(0, 7)} (patchset ${ps.number} revision ${r.revision}); commit something new first`,
          );
      }
  }
  const base =
    (await vcs.mergeBase(targetTip!, tip)) ??
    refuse(`${tip.slice(0, 7)} and ${targetName} have no common history (no merge base); rebase onto ${targetName}`);
  const commits = await vcs.countCommits(targetTip!, tip);
  if (commits === 0) {
    refuse(
      ticket
        ? `nothing to add to #${shortId(ticket.id)}: every commit of ${tip.slice(0, 7)} is already on ${targetName}`
        : `an empty proposal: every commit of ${tip.slice(0, 7)} is already on ${targetName}; commit your change first`,
    );
  }
  const previous = current
    ? {
        number: current.number,
        revision: current.revision,
        tip: current.tip,
        base: current.base,
        commits: current.commits,
      }
    : null;
  const fastForward = previous ? await vcs.isAncestor(previous.tip, tip) : false;
  const previousMerged = previous ? await vcs.isAncestor(previous.tip, targetTip!) : false;
  const addedOnTop = previous && fastForward ? await vcs.countCommits(previous.tip, tip) : 0;
  const classified = classify({ previous, base, commits, fastForward, previousMerged, addedOnTop });
  if (ticket && isRewrite(classified) && !mayRewrite(pusher, ticket)) {
    refuse(
      `only the author of #${shortId(ticket.id)}, someone who pushed a patchset to it, its responsible person or a writer may rewrite it; ` +
        `push your version as a new proposal to refs/for/${targetName}`,
    );
  }
  const checked = await checkOptions(view, options, input.env, pusher);
  const log = await vcs.commitsBetween(targetTip!, tip, commits === 1 ? 1 : 2000);

  const author = { name: pusher.name, email: pusher.email };
  const entries: NewEntry[] = [];
  let id: string;
  let title: string;
  let clock: number;
  let reopened = false;
  let retitled = false;
  if (!ticket) {
    const d = describe(log, options.title);
    title = d.title;
    const raw: Record<string, unknown> = {
      ...header('create', {}, 1, author),
      title: d.title,
      body: d.body,
      type: 'proposal',
    };
    if (options.labels.length) raw.labels = [...new Set(options.labels)];
    if (options.milestone !== undefined) raw.milestone = options.milestone;
    if (checked.responsible !== undefined) raw.responsible = checked.responsible;
    if (options.topic !== undefined) raw.topic = options.topic;
    const create = validated(createSchema, raw);
    id = entryId(serialize(create));
    entries.push({ collection: 'tickets', journal: id, entry: create });
    clock = 2;
  } else {
    id = ticket.id;
    title = ticket.title;
    clock = nextClock(await view.ticketEntries(id));
    const own = { ticket: id };
    const fields: Record<string, unknown> = {};
    // Gitblit's amend flow: a single-commit proposal rewritten takes the new message as title and description
    if (isRewrite(classified) && commits === 1 && log[0]) {
      const d = describe(log, options.title);
      if (d.title !== ticket.title) fields.title = d.title;
      if (d.body !== ticket.body) fields.body = d.body;
    } else if (options.title !== undefined && options.title !== ticket.title)
      fields.title = cut(options.title, MAX_TITLE);
    if (checked.responsible !== undefined && checked.responsible !== ticket.responsible)
      fields.responsible = checked.responsible;
    if (options.milestone !== undefined && options.milestone !== ticket.milestone) fields.milestone = options.milestone;
    if (options.topic !== undefined && options.topic !== ticket.topic) fields.topic = options.topic;
    if (Object.keys(fields).length) {
      entries.push({
        collection: 'tickets',
        journal: id,
        entry: validated(setSchema, { ...header('set', own, clock++, author), fields }),
      });
      if (typeof fields.title === 'string') {
        title = fields.title;
        retitled = true;
      }
    }
    const add = [...new Set(options.labels)].filter((l) => !ticket.labels.includes(l));
    if (add.length)
      entries.push({
        collection: 'tickets',
        journal: id,
        entry: validated(labelSchema, { ...header('label', own, clock++, author), add, remove: [] }),
      });
    if (!isOpen(ticket.status)) {
      entries.push({
        collection: 'tickets',
        journal: id,
        entry: validated(statusSchema, { ...header('status', own, clock++, author), status: 'open' }),
      });
      reopened = true;
    }
  }
  const ps: Record<string, unknown> = {
    ...header('patchset', { ticket: id }, clock, author),
    number: classified.number,
    revision: classified.revision,
    type: classified.type,
    base,
    tip,
    target: targetName,
    commits,
    added: classified.added,
  };
  if (checked.cc.length) ps.cc = checked.cc;
  if (options.draft) ps.draft = true;
  entries.push({ collection: 'tickets', journal: id, entry: validated(patchsetSchema, ps) });

  const branchRef = `refs/heads/${ticketBranch(id)}`;
  const oldBranch = await vcs.resolve(branchRef);
  // the tip is kept first: an entry must never name a commit the repository could lose
  await vcs.keepPatchset(base, tip);
  await vcs.updateRefs(
    [
      { ref: patchsetRef(id, classified.number), next: tip },
      { ref: branchRef, next: tip },
    ],
    `dit: #${shortId(id)} patchset ${classified.number}`,
  );
  let written: string[];
  try {
    written = await writeEntries(
      store,
      target,
      entries,
      `dit: #${shortId(id)} patchset ${classified.number} revision ${classified.revision} (${classified.type})`,
    );
  } catch (err) {
    if (err instanceof DitError)
      throw new DitError(err.code, `${err.message} (the commits are kept under ${patchsetRef(id, classified.number)})`);
    throw err;
  }
  return {
    id,
    title,
    created: !ticket,
    classified,
    target: targetName,
    reopened,
    retitled,
    entries: written,
    branch: { ref: branchRef, old: oldBranch, forced: oldBranch !== null && isRewrite(classified) },
  };
}

/**
 * Whether a push may create refs/dit/patchsets/<id>/<n> (null) or why not. `dit sync` sends the tips a
 * clone kept (a `dit propose`, a squash or rebase by `dit merge`): one is taken when the journal already
 * names it as patchset n's latest tip of that ticket, and only where no tip is kept yet, so a kept tip
 * never moves or goes away.
 */
export async function keptTipRefusal(view: View, ref: string, oldOid: string, newOid: string): Promise<string | null> {
  const kept =
    'refs/dit/patchsets/ is kept by dit (every patchset tip stays there); push to refs/for/<ticket id> instead';
  const m = /^refs\/dit\/patchsets\/([0-9a-f]{40})\/([1-9]\d{0,8})$/.exec(ref);
  if (!m || !/^0+$/.test(oldOid) || /^0+$/.test(newOid)) return kept;
  const t = await view.ticket(m[1]!, true).catch(() => null);
  const ps = t?.patchsets.find((p) => p.number === Number(m[2]));
  if (!ps || ps.revisions.at(-1)?.tip !== newOid)
    return `${ref}: the shared journal names no such patchset tip; run \`dit sync\` (it sends the journal first)`;
  return null;
}

/** What the pusher reads: `#3f9a2c1: Guard the empty buffer — uploaded patchset 2 (amend)` and where to look. */
export function describeRecorded(r: Recorded, baseUrl: string | undefined): string[] {
  const c = r.classified;
  const what = r.unchanged
    ? `no new changes: patchset ${c.number} revision ${c.revision} is already this commit`
    : r.created
      ? `new proposal with patchset 1 (${c.added} commit${c.added === 1 ? '' : 's'} onto ${r.target})`
      : c.type === 'fast-forward'
        ? `uploaded patchset ${c.number} revision ${c.revision} (+${c.added} commit${c.added === 1 ? '' : 's'})`
        : `uploaded patchset ${c.number} (${c.type})`;
  const lines = [`#${shortId(r.id)}: ${r.title.replace(/[\x00-\x1f\x7f]/g, ' ')} — ${what}`];
  if (r.reopened) lines.push('  reopened: it was closed but not merged');
  if (r.retitled) lines.push('  title and description now follow the commit message');
  lines.push(
    baseUrl
      ? `  ${baseUrl.replace(/\/+$/, '')}/tickets/${shortId(r.id)}`
      : `  dit show ${shortId(r.id)} (after dit sync), or git fetch <remote> ${ticketBranch(r.id)}`,
  );
  return lines;
}
