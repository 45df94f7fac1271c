// The proc-receive hook: refs/for/* pushes become proposals and patchsets; the client learns the real ref.
import { DitError } from '../errors.js';
import type { ProcCommand, ProcResult } from '../git/proc-receive.js';
import { serveProcReceive } from '../git/proc-receive-io.js';
import { head } from '../git/refs.js';
import { signingConfig } from '../model/trust/signing-config.js';
import { combinedOptions, FOR_PREFIX, PushRefusal, parseForRef } from '../patchsets/push-options.js';
import { type Pusher, pusherFrom } from '../patchsets/pusher.js';
import { describeRecorded, keptTipRefusal, PATCHSET_REFS, recordPush } from '../patchsets/record.js';
import type { Target } from '../store/store.js';
import { Store } from '../store/store.js';
import { writeLocked } from '../store/write/lock.js';
import type { HookIo } from './io.js';

const isZero = (oid: string): boolean => /^0+$/.test(oid);

export interface Received {
  results: ProcResult[];
  messages: string[];
}

/**
 * Decides every command of one push. Refusals are answered per command (`ng <ref> <reason>`), so git
 * prints them as `! [remote rejected] ... (<reason>)`; what was recorded is told in `messages`.
 */
export async function receive(
  store: Store,
  commands: readonly ProcCommand[],
  pushOptions: readonly string[],
  pusher: Pusher | null,
  env: NodeJS.ProcessEnv,
): Promise<Received> {
  const messages: string[] = [];
  const forCommands = commands.filter((c) => c.ref.startsWith(FOR_PREFIX));
  const results: ProcResult[] = [];
  for (const c of commands) {
    const ng = (reason: string): void => {
      results.push({ ref: c.ref, status: 'ng', reason });
    };
    if (c.ref.startsWith(PATCHSET_REFS)) {
      // a tip the journal names (sent by `dit sync`) is created by receive-pack itself; nothing else
      const why = await keptTipRefusal(await store.view(), c.ref, c.old, c.new);
      if (why) ng(why);
      else results.push({ ref: c.ref, status: 'ok', fallThrough: true });
      continue;
    }
    if (!c.ref.startsWith(FOR_PREFIX)) {
      results.push({ ref: c.ref, status: 'ok', fallThrough: true });
      continue;
    }
    if (forCommands.length > 1) {
      ng('one refs/for/ update per push; push each proposal on its own');
      continue;
    }
    if (isZero(c.new)) {
      ng(`${c.ref} cannot be deleted: nothing is stored there (a ticket's commits are on refs/heads/ticket/<id>)`);
      continue;
    }
    if (!pusher) {
      ng('anonymous pushes cannot open or update proposals; sign in (or set user.name and user.email) and push again');
      continue;
    }
    try {
      // one proposal push at a time per repository, so a retry racing the push it repeats finds its proposal
      const r = await writeLocked(store, 'proc-receive', () => receiveOne(store, c, pushOptions, pusher, env));
      results.push({
        ref: c.ref,
        status: 'ok',
        refname: r.branch.ref,
        oldOid: r.branch.old ?? '0'.repeat(c.new.length),
        newOid: c.new,
        ...(r.branch.forced ? { forced: true } : {}),
      });
      messages.push(...describeRecorded(r, env.DIT_BASE_URL));
    } catch (err) {
      if (!(err instanceof DitError)) throw err;
      ng(err.message);
    }
  }
  return { results, messages };
}

/** Where a push's entries go: the shared journal, as the pusher (signed with the server's key on `dit server`). */
const shared = (pusher: Pusher): Target => ({ store: 'shared', as: { name: pusher.name, email: pusher.email } });

async function receiveOne(
  store: Store,
  c: ProcCommand,
  pushOptions: readonly string[],
  pusher: Pusher,
  env: NodeJS.ProcessEnv,
) {
  const forRef = parseForRef(c.ref);
  const options = combinedOptions(forRef, pushOptions);
  const view = await store.view();
  const spec = forRef.spec;
  if (spec === 'new') {
    const h = await head(store.git);
    const target = h.ref?.replace(/^refs\/heads\//, '') ?? null;
    if (!target || !h.oid)
      throw new PushRefusal(
        "this repository's default branch has no commits yet; push a branch first, or push to refs/for/<branch>",
      );
    return recordPush(store, view, { ticket: null, target, tip: c.new, options, pusher, env }, shared(pusher));
  }
  if (await store.git.oid(`refs/heads/${spec}^{commit}`)) {
    return recordPush(store, view, { ticket: null, target: spec, tip: c.new, options, pusher, env }, shared(pusher));
  }
  if (!/^#?[0-9a-f]{4,40}$/i.test(spec)) {
    throw new PushRefusal(
      `no branch "${spec}" to target; push to refs/for/new, refs/for/<existing branch> or refs/for/<ticket id>`,
    );
  }
  let ticket: Awaited<ReturnType<typeof view.ticket>>;
  try {
    ticket = await view.ticket(spec, true);
  } catch (err) {
    if (err instanceof DitError && err.code === 'unknown-ticket')
      throw new PushRefusal(
        `no ticket ${spec} here (and no branch of that name); push to refs/for/new to open a proposal`,
      );
    throw err;
  }
  const h = await head(store.git);
  return recordPush(
    store,
    view,
    { ticket, target: h.ref?.replace(/^refs\/heads\//, '') ?? 'main', tip: c.new, options, pusher, env },
    shared(pusher),
  );
}

/** `dit hooks run proc-receive`: the protocol on stdin/stdout, messages on stderr (the client's `remote:` lines). */
export async function procReceiveHook(io: HookIo): Promise<number> {
  const store = await Store.open(io.cwd);
  // on dit server the entries a push records are signed with its key, as its pages' writes are
  if (io.env.DIT_SERVER_SIGNING_KEY) {
    store.serverSigner = {
      ...signingConfig([
        { name: 'gpg.format', value: 'ssh' },
        { name: 'user.signingkey', value: io.env.DIT_SERVER_SIGNING_KEY },
      ]),
      sign: true,
    };
  }
  try {
    await serveProcReceive(io.stdin, io.stdout, async ({ commands, pushOptions }) => {
      const pusher = await pusherFrom(io.env, store.git);
      // entries and journal commits are authored by the pusher, whatever identity the hook's user has
      if (pusher) {
        for (const k of ['GIT_AUTHOR', 'GIT_COMMITTER']) {
          process.env[`${k}_NAME`] = pusher.name;
          process.env[`${k}_EMAIL`] = pusher.email;
        }
      }
      const { results, messages } = await receive(store, commands, pushOptions, pusher, io.env);
      for (const line of messages) io.err(`${line}\n`);
      return results;
    });
    return 0; // refusals are in the report; a failing exit would fail the commands it does not name too
  } finally {
    await store.close();
  }
}
