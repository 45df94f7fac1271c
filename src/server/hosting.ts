// What the running server holds: the root, the account store, and one open store per repository in use.
import { Store } from '../store/store.js';
import { Site } from '../web/site.js';
import type { Accounts } from './accounts.js';
import type { Auth } from './auth.js';
import { findRepo } from './repos.js';

export interface HostingConfig { url: string | null; smtp: string | null; from: string | null; log: (line: string) => void }

export class Hosting {
  private readonly sites = new Map<string, Promise<Site>>();
  private bound: { url: string; port: number } | null = null;

  constructor(readonly root: string, readonly accounts: Accounts, readonly auth: Auth, readonly config: HostingConfig) {}

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

  /** The web site of a repository that exists (opened once, kept while the server runs). */
  site(name: string): Promise<Site> | null {
    const dir = findRepo(this.root, name);
    if (!dir) {
      this.sites.delete(name);
      return null;
    }
    let s = this.sites.get(name);
    if (!s) {
      s = Store.open(dir).then((store) => new Site(store));
      s.catch(() => this.sites.delete(name));
      this.sites.set(name, s);
    }
    return s;
  }

  async close(): Promise<void> {
    const all = [...this.sites.values()];
    this.sites.clear();
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.close()));
    this.accounts.close();
  }
}
