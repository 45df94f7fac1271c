// Bench: `dit serve` over a real port (issue 4): list page, filtered list, a ticket page with 50
// comments, and posting a comment, each the median of many sequential requests.
import { Store } from '../src/store/store.js';
import { startServer } from '../src/web/serve.js';

export interface WebTimes {
  name: string;
  target: number | null;
  samples: number[];
}

async function time(fn: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`bench request failed: ${res.status} ${await res.text().catch(() => '')}`);
  return ms;
}

export async function webBench(dir: string, ticket: string, runs: number): Promise<WebTimes[]> {
  const running = await startServer(await Store.open(dir), { host: '127.0.0.1', port: 0 });
  try {
    const url = running.url;
    const { token } = (await (await fetch(`${url}api/session`)).json()) as { token: string };
    const post = (path: string, body: unknown) =>
      fetch(url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token },
        body: JSON.stringify(body),
      });
    // the busiest ticket gets to 50 comments first (through the API, so the server sees them)
    const have = ((await (await fetch(`${url}api/tickets/${ticket}`)).json()) as { ticket: { comments: unknown[] } })
      .ticket.comments.length;
    for (let i = have; i < 50; i++)
      await (
        await post(`api/tickets/${ticket}/comments`, {
          body: `Bench comment ${i} with **Markdown**, \`code\` and a link to #${ticket}`,
        })
      ).arrayBuffer();
    // pages are kept by what they show, not their URL: a forced reload (no-cache) renders afresh
    const reload = { headers: { 'cache-control': 'no-cache' } };
    const measure = async (name: string, target: number | null, fn: () => Promise<Response>) => {
      for (let i = 0; i < 3; i++) await time(fn); // warm: caches, index, rendered Markdown
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await time(fn));
      return { name, target, samples };
    };
    return [
      await measure('web: list page, first page (GET /)', 10, () => fetch(url)),
      await measure('web: filtered list (GET /?q=is:open label:ui)', 10, () =>
        fetch(`${url}?q=${encodeURIComponent('is:open label:ui')}`),
      ),
      // GitHub's habits (issue 16): is:issue expands to patchset and type terms, in: to an FTS5 column filter
      await measure('web: list with GitHub habits (GET /?q=is:issue state:open in:title,body crash)', 10, () =>
        fetch(`${url}?q=${encodeURIComponent('is:issue state:open in:title,body crash')}`),
      ),
      await measure('web: ticket page with 50 comments', 4, () => fetch(`${url}tickets/${ticket}`)),
      // pages are reused while git is unchanged; a forced reload shows what rendering costs
      await measure('web: list page, rendered afresh (a forced reload)', null, () => fetch(url, reload)),
      await measure('web: ticket page, rendered afresh (a forced reload)', null, () =>
        fetch(`${url}tickets/${ticket}`, reload),
      ),
      await measure('web: post a comment (API), staged in the branch', 15, () =>
        post(`api/tickets/${ticket}/comments`, { body: `bench ${Date.now()}` }),
      ),
      await measure('web: post a comment (API), to the shared journal', 15, () =>
        post(`api/tickets/${ticket}/comments`, { body: `bench ${Date.now()}`, shared: true }),
      ),
    ];
  } finally {
    await running.close();
  }
}
