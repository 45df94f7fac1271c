// Mail and webhooks after a repository's shared journal moved (a web write, an API call, a push):
// one mail per ticket per change to its watchers, responsible person, author and mentioned people
// who may read the repository, never to whoever made the change unless they asked for it.
import { createTransport, type Transporter } from 'nodemailer';
import { describeEntry, told } from '../model/entries/describe.js';
import { shortId } from '../model/ids.js';
import { type Description, phraseText } from '../model/phrase.js';
import type { Ticket } from '../model/ticket.js';
import { patchsetRef } from '../store/view/merged.js';
import type { Accounts, User } from './accounts.js';
import type { AddedEntry, TicketChange } from './journal-events.js';
import { levelFor, may } from './permissions.js';
import type { Webhooks } from './webhooks.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export class Notifier {
  private readonly transport: Transporter | null;
  private readonly from: string;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly accounts: Accounts,
    private readonly webhooks: Webhooks,
    smtp: string | null,
    from: string | null,
    private readonly baseUrl: () => string,
    private readonly log: (l: string) => void,
  ) {
    this.transport = smtp ? createTransport(smtp) : null;
    this.from = from ?? 'dit <dit@localhost>';
  }

  /** Who hears about a ticket: accounts named as its watchers, responsible, author or mentioned, that may read it. */
  recipients(repo: string, t: Ticket, actors: Set<string>): User[] {
    const names = new Set<string>([
      ...t.watchers,
      ...(t.responsible ? [t.responsible] : []),
      t.author.email,
      t.author.name,
      ...t.mentions,
    ]);
    const users = this.accounts.users();
    const out = new Map<number, User>();
    for (const n of names) {
      if (!n) continue;
      const key = n.toLowerCase();
      const u = users.find((x) => (x.email && x.email.toLowerCase() === key) || x.name.toLowerCase() === key);
      if (!u?.email || !may(levelFor(this.accounts, u, repo), 'read')) continue;
      if (!u.notifySelf && (actors.has(u.email.toLowerCase()) || actors.has(u.name.toLowerCase()))) continue;
      out.set(u.id, u);
    }
    return [...out.values()];
  }

  /** Mail and webhook events for the tickets a journal move changed. */
  changed(repo: string, changes: TicketChange[], ticketOf: (id: string) => Promise<Ticket | null>): void {
    const run = (async () => {
      for (const ch of changes) {
        const t = await ticketOf(ch.ticket);
        if (!t) continue;
        const url = `${this.baseUrl()}${repo}/tickets/${t.id}`;
        const about = told(t);
        const said = new Map(ch.entries.map((e) => [e.id, describeEntry(about, e.id)]));
        const base = this.baseUrl();
        for (const e of ch.entries) {
          const d = said.get(e.id) ?? [];
          this.webhooks.emit({
            event: d[0]?.event ?? 'changed',
            repo,
            repository: { name: repo, url: `${base}${repo}/`, clone_url: `${base}${repo}.git` },
            ticket: { id: t.id, title: t.title, status: t.status, url },
            entry: { id: e.id, kind: e.kind, author: e.author, ...e.raw },
            // the words the ticket page and the mail use for this entry
            description: d.map((x) => sentence(e, x)).join('\n') || null,
            text: d.find((x) => x.text)?.text ?? null,
            // what CI needs to build a proposal and report back
            ...(e.kind === 'patchset' ? { patchset: patchsetOf(t.id, e.raw) } : {}),
            ...(e.kind === 'patchset' || e.kind === 'check'
              ? { checks_url: `${base}${repo}/api/tickets/${t.id}/checks` }
              : {}),
          });
        }
        if (!this.transport) continue;
        const actors = new Set(
          ch.entries.flatMap((e) => [e.author.email.toLowerCase(), e.author.name.toLowerCase()]).filter(Boolean),
        );
        const to = this.recipients(repo, t, actors);
        if (!to.length) continue;
        const lines = ch.entries.flatMap((e) =>
          // CI's pending and passing reports are not worth a mail; a failure is
          e.kind === 'check' && !failing(e)
            ? []
            : (said.get(e.id) ?? []).map(
                (x) =>
                  `${sentence(e, x)}${x.text ? `:\n\n${x.text}` : ''}${e.kind === 'check' && e.raw.url ? `\n${String(e.raw.url)}` : ''}`,
              ),
        );
        if (!lines.length) continue; // entries that changed nothing the ticket shows
        const subject = `[${repo}] ${t.title} (#${shortId(t.id)})`;
        const text =
          `${lines.join('\n\n---\n\n')}\n\n-- \n${url}\nYou get this mail because ` +
          `you watch, wrote, are responsible for or are mentioned in this ticket.\n`;
        const html =
          `${lines.map((l) => `<p>${esc(l).replace(/\n/g, '<br>')}</p>`).join('<hr>')}<p ` +
          `style="color:#656d76"><a href="${esc(url)}">${esc(t.title)} (#${shortId(t.id)})</a> in ${esc(repo)}</p>`;
        for (const u of to) {
          await this.transport
            .sendMail({ from: this.from, to: u.email, subject, text, html, headers: { 'X-Dit-Ticket': t.id } })
            .catch((err: Error) => this.log(`mail to ${u.email} failed: ${err.message}\n`));
        }
      }
    })().catch((err: Error) => this.log(`notification failed: ${err.stack ?? err.message}\n`));
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Whether the server sends mail at all (--smtp). */
  get mails(): boolean {
    return this.transport !== null;
  }

  /** Sends one mail now (a sign-up's link), failing if the mail server refuses it. */
  async send(mail: Mail): Promise<void> {
    if (!this.transport) throw new Error('this server sends no mail (no --smtp)');
    // a mail server that never answers must not hold the request that waits for it
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the mail server did not answer in 30 s')), 30_000);
    });
    try {
      await Promise.race([this.transport.sendMail({ from: this.from, ...mail }), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
    await this.webhooks.settle();
  }

  close(): void {
    this.transport?.close();
  }
}

/** "ann reviewed patchset 1 revision 2: approved (+2)": the entry's author, then the model's words. */
const sentence = (e: AddedEntry, d: Description): string =>
  `${e.author.name || e.author.email || 'someone'} ${phraseText(d.says)}`;

const failing = (e: AddedEntry): boolean => e.raw.state === 'failure' || e.raw.state === 'error';

/** The patchset a `patchset` entry pushed, as CI wants it: where to fetch it and what to build it on. */
function patchsetOf(ticket: string, raw: Record<string, unknown>) {
  const number = Number(raw.number);
  return {
    ticket,
    number,
    revision: Number(raw.revision),
    commit: String(raw.tip),
    base: String(raw.base),
    target: String(raw.target),
    ref: patchsetRef(ticket, number),
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
