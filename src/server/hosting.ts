// What the running server holds: the root, the account store, and one open store per repository in use.
import type { Hono } from 'hono';
import { listRefs } from '../git/refs.js';
import { ticketListing } from '../store/read/list.js';
import { Store } from '../store/store.js';
import type { KeySet } from '../store/trust/key-set.js';
import { serverKeySet } from '../store/trust/server-key-set.js';
import { JOURNAL_REF } from '../store/view/journals.js';
import { createApp } from '../web/app.js';
import { Site, type Viewer } from '../web/site.js';
import type { Accounts } from './accounts.js';
import type { Auth } from './auth.js';
import { ticketChanges } from './journal-events.js';
import { touchKey } from './keys.js';
import { Notifier } from './notify.js';
import { createRepo, findRepo, type RepoInfo } from './repos.js';
import { type SignupLimits, Signups } from './signups.js';
import { serverSigner, trustSnapshot } from './trust.js';
import { WebhookTargets } from './webhook-targets.js';
import { Webhooks } from './webhooks.js';

/** What `bad-host` adds for a hosting server: where the address it answers to comes from. */
export const HOST_HINT = ' (or start the server with --url)';

export interface Mounted {
  site: Site;
  app: Hono;
}

export interface HostingConfig {
  url: string | null;
  smtp: string | null;
  from: string | null;
  log: (line: string) => void;
  /** Avatars from Gravatar in every repository (`dit server --gravatar`); else per repository by `git config dit.gravatar true`. */
  gravatar?: boolean;
  /** Address ranges webhooks may reach although they are loopback, link-local or private (`--webhook-allow`). */
  webhookAllow?: readonly string[];
  /** Anyone may make an account at /-/signup (`--signup`); else only when an administrator opened it on /-/admin. */
  signup?: boolean;
  signupLimits?: SignupLimits;
}

/** The account store's setting an administrator opens sign-up with on /-/admin. */
export const SIGNUP_SETTING = 'signup';

export class Hosting {
  private readonly sites = new Map<string, Promise<Mounted>>();
  private bound: { url: string; port: number } | null = null;
  readonly webhooks: Webhooks;
  readonly notifier: Notifier;
  readonly signups: Signups;
  /** The journal commit each repository was last seen at, and the chain its checks run in. */
  private readonly journals = new Map<string, { oid: string | null; chain: Promise<void> }>();

  constructor(
    readonly root: string,
    readonly accounts: Accounts,
    readonly auth: Auth,
    readonly config: HostingConfig,
  ) {
    const retry = Number(process.env.DIT_WEBHOOK_RETRY_MS) || 1000; // the first retry's delay; later ones wait 5 and 30 times as long
    this.webhooks = new Webhooks(accounts, [retry, retry * 5, retry * 30], new WebhookTargets(config.webhookAllow));
    this.notifier = new Notifier(
      accounts,
      this.webhooks,
      config.smtp,
      config.from,
      () => this.baseUrl,
      (l) => this.log(l),
    );
    this.signups = new Signups(accounts, config.signupLimits);
  }

  /** Whether /-/signup takes new accounts: `--signup`, or opened on the admin page. */
  signupOpen(): boolean {
    return !!this.config.signup || this.accounts.setting(SIGNUP_SETTING) === 'on';
  }

  /** Where a repository's journal is now (null: none yet). */
  private async journalOid(name: string): Promise<string | null> {
    const m = await this.mounted(name);
    if (!m) return null;
    return (await listRefs(m.site.store.git, 'refs/dit/')).find((r) => r.ref === JOURNAL_REF)?.oid ?? null;
  }

  /** Starts watching a repository's journal (before a push or a write), so what comes after is news. */
  async watch(name: string): Promise<void> {
    if (this.journals.has(name)) return this.journals.get(name)!.chain;
    const entry = { oid: null as string | null, chain: Promise.resolve() };
    this.journals.set(name, entry);
    entry.chain = this.journalOid(name).then(
      (oid) => {
        entry.oid = oid;
      },
      () => {},
    );
    return entry.chain;
  }

  /** After a write or a push: mail and webhooks for what the journal gained since it was last seen. */
  journalMoved(name: string): Promise<void> {
    const entry = this.journals.get(name);
    if (!entry) return this.watch(name);
    entry.chain = entry.chain
      .then(async () => {
        const now = await this.journalOid(name);
        if (!now || now === entry.oid) return;
        const m = (await this.mounted(name))!;
        const before = entry.oid;
        entry.oid = now;
        const changes = await ticketChanges(m.site.store.git, before, now);
        if (!changes.length) return;
        const view = await m.site.begin().view();
        this.notifier.changed(name, changes, (id) => view.ticketById(id));
      })
      .catch((err: Error) => this.log(`could not read ${name}'s journal: ${err.message}\n`));
    return entry.chain;
  }

  log(line: string): void {
    this.config.log(line);
  }

  listening(url: string, port: number): void {
    this.bound = { url, port };
  }

  /** The address links and mail use: --url, or where the server listens. */
  get baseUrl(): string {
    return (this.config.url ?? this.bound?.url ?? 'http://127.0.0.1/').replace(/\/?$/, '/');
  }

  get secure(): boolean {
    return (this.config.url ?? '').startsWith('https:');
  }

  /** The Host values the server answers to: its --url's, and its bound address with the port. */
  hosts(): Set<string> | null {
    if (!this.bound) return null;
    const set = new Set<string>();
    const port = this.bound.port;
    for (const n of ['127.0.0.1', 'localhost', '[::1]', new URL(this.bound.url).hostname]) set.add(`${n}:${port}`);
    if (this.config.url) set.add(new URL(this.config.url).host);
    return set;
  }

  /** A repository's site and its web application (opened once, kept while the server runs); null when it does not exist. */
  mounted(name: string): Promise<Mounted> | null {
    const dir = findRepo(this.root, name);
    if (!dir) {
      this.sites.delete(name);
      return null;
    }
    let s = this.sites.get(name);
    if (!s) {
      s = Store.open(dir).then(async (store) => {
        // writes through the pages and API are the signed-in account's, signed with the server's key;
        // verdicts come from the accounts' keys
        const signer = await this.signer();
        this.serverKeyFingerprint = signer.fingerprint;
        store.serverSigner = signer.config;
        store.serverKeys = () => this.keySet(name);
        const site = new Site(store);
        site.gravatar = this.config.gravatar || ((await store.git.configBool('dit.gravatar')) ?? false);
        // the hosting layer checked Host, origin, session and permission; the app learns who asks
        const app = createApp(site, {
          hosts: () => null,
          token: '',
          viewer: (c) => (c.env as { viewer?: Viewer } | undefined)?.viewer ?? null,
        });
        return { site, app };
      });
      s.catch(() => this.sites.delete(name));
      this.sites.set(name, s);
    }
    return s;
  }

  private signerP: ReturnType<typeof serverSigner> | null = null;
  private keySets = new Map<string, { generation: string; keys: KeySet }>();

  /** The server's own signing key (made on first use). */
  signer(): ReturnType<typeof serverSigner> {
    this.signerP ??= serverSigner(this.root);
    this.signerP.catch(() => {
      this.signerP = null;
    });
    return this.signerP;
  }

  /** The accounts' keys as the key set a repository's pages verify with, rebuilt when the account store changes. */
  private keySet(repo: string): KeySet {
    const generation = this.accounts.generation();
    const known = this.keySets.get(repo);
    if (known?.generation === generation) return known.keys;
    const fingerprint = this.serverKeyFingerprint;
    const snapshot = trustSnapshot(this.accounts, this.root, repo, new URL(this.baseUrl).host, fingerprint);
    const keys = serverKeySet(snapshot, process.env, (fp) => touchKey(this.accounts, fp));
    this.keySets.set(repo, { generation, keys });
    return keys;
  }

  /** The server key's fingerprint once known (the first mount makes it known). */
  private serverKeyFingerprint: string | null = null;

  /** Open tickets in a repository's default view (null when it cannot be read). */
  async openCount(name: string): Promise<number | null> {
    const m = await this.mounted(name)?.catch(() => null);
    if (!m) return null;
    const scope = m.site.begin();
    try {
      const view = await scope.view();
      return (await ticketListing(m.site.store, view, null)).open;
    } catch {
      return null;
    }
  }

  async createRepo(name: string, opts: { public?: boolean; description?: string; from?: string }): Promise<RepoInfo> {
    return createRepo(this.accounts, this.root, name, opts);
  }

  async close(): Promise<void> {
    const all = [...this.sites.values()];
    this.sites.clear();
    await Promise.all([...this.journals.values()].map((j) => j.chain));
    await this.notifier.settle();
    this.notifier.close();
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.site.close()));
    this.accounts.close();
  }
}
