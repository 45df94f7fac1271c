// A repository's settings (its administrators only): grants, required checks, the push rule for signed
// entries, webhooks.
import { DitError } from '../../errors.js';
import { requiredChecks, setRequiredChecks } from '../../patchsets/checks.js';
import { str } from '../../web/form.js';
import type { Hosting } from '../hosting.js';
import { RepoSettingsPage } from '../pages/repo-settings.js';
import { attempt, type C, formBody, frameOf, type Outcome } from '../request.js';
import { repoVerifies, setRepoVerifies } from '../trust.js';
import { grantFrom } from './admin.js';

type Action = (c: C, repo: string) => Promise<Response> | Response;

/** The settings routes under `/REPO/-/settings`, by method and the rest of the path; the caller checked `admin`. */
export function repoSettingsRoutes(hosting: Hosting): Record<string, Action> {
  const storeOf = async (repo: string) => {
    const m = await hosting.mounted(repo);
    if (!m) throw new DitError('not-found', `no repository ${repo}`, { name: repo });
    return m.site.store;
  };
  const page = async (c: C, repo: string, extra: Outcome = {}, status = 200) =>
    c.html(
      <RepoSettingsPage
        h={frameOf(c, `${repo} settings`)}
        repo={repo}
        grants={hosting.accounts.grants(repo)}
        hooks={hosting.webhooks.list(repo)}
        required={await requiredChecks(await storeOf(repo))}
        verify={await repoVerifies(hosting.root, repo)}
        {...extra}
      />,
      status as 200,
    );
  const action =
    (run: (f: Awaited<ReturnType<typeof formBody>>, repo: string) => unknown, notice: string): Action =>
    async (c, repo) => {
      const f = await formBody(c);
      return attempt(
        () => run(f, repo),
        (x, s) => page(c, repo, x, s),
        notice,
      );
    };
  return {
    'GET /-/settings': (c, repo) => page(c, repo),
    'POST /-/settings/grants': action((f, repo) => grantFrom(hosting, f, repo), 'Granted.'),
    'POST /-/settings/verify': action(
      (f, repo) => setRepoVerifies(hosting.root, repo, str(f, 'verify') !== 'off'),
      'Saved: the rule for signed entries.',
    ),
    'POST /-/settings/webhooks': action(
      (f, repo) => hosting.webhooks.add(repo, (str(f, 'url') ?? '').trim(), str(f, 'secret') ?? ''),
      'Webhook added.',
    ),
    'POST /-/settings/checks': action(
      async (f, repo) => setRequiredChecks(await storeOf(repo), str(f, 'required') ?? ''),
      'Required checks saved.',
    ),
    'POST /-/settings/webhooks/delete': action(
      (f, repo) => hosting.webhooks.remove(repo, Number(str(f, 'id'))),
      'Webhook removed.',
    ),
  };
}
