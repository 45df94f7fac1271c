// The account page: email, notifications, password, tokens and keys.
import type { FC } from 'hono/jsx';
import { TOKEN_SCOPES, type TokenRow } from '../accounts.js';
import type { AccountKey } from '../keys.js';
import { KeysBox } from './keys-box.js';
import { type HostFrame, HostLayout, Post } from './layout.js';

export const AccountPage: FC<{
  h: HostFrame;
  tokens: TokenRow[];
  keys: AccountKey[];
  newToken?: string;
  flash?: string;
  notice?: string;
}> = ({ h, tokens, keys, newToken, flash, notice }) => (
  <HostLayout h={h} flash={flash} notice={notice}>
    <h1 class="h2 mb-3">Account: {h.user!.name}</h1>
    <Post action="/-/account" h={h} class="Box p-3 mb-4">
      <h2 class="h4 mb-2">Email and notifications</h2>
      <label for="email" class="d-block mb-1">
        Email (mail about tickets goes here)
      </label>
      <input class="form-control mb-2" id="email" name="email" type="email" value={h.user!.email} />
      <label class="d-block mb-2">
        <input type="checkbox" name="notify_self" value="1" checked={h.user!.notifySelf} /> Mail me about my own changes
        too
      </label>
      <button class="btn" type="submit">
        Save
      </button>
    </Post>
    <Post action="/-/account/password" h={h} class="Box p-3 mb-4">
      <h2 class="h4 mb-2">Password</h2>
      <input
        class="form-control mb-2"
        name="current"
        type="password"
        placeholder="Current password"
        autocomplete="current-password"
        aria-label="Current password"
      />
      <input
        class="form-control mb-2"
        name="password"
        type="password"
        placeholder="New password (8 characters or more)"
        autocomplete="new-password"
        aria-label="New password"
      />
      {tokens.length ? (
        <label class="d-block mb-2">
          <input type="checkbox" name="revoke_tokens" value="1" checked id="revoke-tokens" /> Also revoke my{' '}
          {tokens.length === 1 ? 'token' : `${tokens.length} tokens`} (anyone who knew the old password may have made
          one)
        </label>
      ) : null}
      <button class="btn" type="submit">
        Change password
      </button>
    </Post>
    <div class="Box mb-4" id="tokens">
      <div class="Box-header">
        <h2 class="Box-title">Tokens for git and the API</h2>
      </div>
      <div class="Box-row color-fg-muted text-small">
        A token does what its scopes say and no more than you may: <b>read</b> clones and reads, <b>write</b> also
        pushes and writes tickets, <b>admin</b> also changes repository settings, <b>checks</b> reports CI results on
        proposals. No token can make tokens or change this account.
      </div>
      {newToken ? (
        <div class="Box-row flash-warn">
          <p>Your new token, shown only now:</p>
          <code id="new-token">{newToken}</code>
        </div>
      ) : null}
      {tokens.map((t) => (
        <div class="Box-row d-flex flex-items-center">
          <span class="flex-auto">
            <strong>{t.name}</strong> <code class="color-fg-muted">{t.hint}…</code>{' '}
            {t.scopes.map((x) => (
              <span class="Label mr-1 token-scope">{x}</span>
            ))}
            <span class="color-fg-muted text-small">
              made {t.created.slice(0, 10)}, {t.lastUsed ? `last used ${t.lastUsed.slice(0, 10)}` : 'never used'}
            </span>
          </span>
          <Post action="/-/account/tokens/delete" h={h}>
            <input type="hidden" name="name" value={t.name} />
            <button class="btn btn-sm btn-danger" type="submit">
              Revoke
            </button>
          </Post>
        </div>
      ))}
      <div class="Box-row">
        <Post action="/-/account/tokens" h={h} class="d-flex">
          <input
            class="form-control mr-2"
            name="name"
            placeholder="Token name (laptop, CI)"
            aria-label="Token name"
            required
          />
          {TOKEN_SCOPES.map((x) => (
            <label class="mr-2 flex-self-center">
              <input type="checkbox" name="scope" value={x} checked={x === 'write'} /> {x}
            </label>
          ))}
          <button class="btn" type="submit">
            Make a token
          </button>
        </Post>
      </div>
    </div>
    <KeysBox keys={keys} csrf={h.csrf} />
  </HostLayout>
);
