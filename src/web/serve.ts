// `dit serve`: the web application on a real port, bound to 127.0.0.1 unless told otherwise.

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';
import { allowedHosts, newToken } from './security.js';
import { Site } from './site.js';

export interface Running {
  url: string;
  port: number;
  close: () => Promise<void>;
}

export async function startServer(
  store: Store,
  opts: { host: string; port: number; remoteImages?: boolean; gravatar?: boolean },
): Promise<Running> {
  const site = new Site(store);
  site.remoteImages = opts.remoteImages ?? (await store.vcs.configBool('dit.remoteImages')) ?? false;
  site.gravatar = opts.gravatar ?? (await store.vcs.configBool('dit.gravatar')) ?? false;
  let hosts: Set<string> | null = null;
  const app = createApp(site, { hosts: () => hosts, token: newToken() });
  const server = serve({ fetch: app.fetch, hostname: opts.host, port: opts.port });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', reject);
  });
  hosts = allowedHosts(opts.host, port);
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${port}/`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => site.close()),
  };
}
