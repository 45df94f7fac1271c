// What the running server holds: the root, the account store, and one open store per repository in use.
import type { Hono } from 'hono';
import { listTickets } from '../store/list.js';
import { Store } from '../store/store.js';
import { createApp } from '../web/app.js';
import { Site, type Viewer } from '../web/site.js';
import type { Accounts } from './accounts.js';
import type { Auth } from './auth.js';
import { createRepo, findRepo, type RepoInfo } from './repos.js';
import { Webhooks } from './webhooks.js';

export interface Mounted { site: Site; app: Hono }

export interface HostingConfig { url: string | null; smtp: string | null; from: string | null; log: (line: string) => void }

export class Hosting {
  private readonly sites = new Map<string, Promise<Mounted>>();
  private bound: { url: string; port: number } | null = null;
  readonly webhooks: Webhooks;

  constructor(readonly root: string, readonly accounts: Accounts, readonly auth: Auth, readonly config: HostingConfig) {
    this.webhooks = new Webhooks(accounts);
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
      s = Store.open(dir).then((store) => {
        const site = new Site(store);
        // the hosting layer checked Host, origin, session and permission; the app learns who asks
        const app = createApp(site, { hosts: () => null, token: '', viewer: (c) => (c.env as { viewer?: Viewer } | undefined)?.viewer ?? null });
        return { site, app };
      });
      s.catch(() => this.sites.delete(name));
      this.sites.set(name, s);
    }
    return s;
  }

  /** Open tickets in a repository's default view (null when it cannot be read). */
  async openCount(name: string): Promise<number | null> {
    const m = await this.mounted(name)?.catch(() => null);
    if (!m) return null;
    const scope = m.site.begin();
    try {
      const view = await scope.view();
      return (await scope.memo('open-count', () => listTickets(m.site.store, view, null))).open;
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
    await this.webhooks.settle();
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.site.close()));
    this.accounts.close();
  }
}
