// The account page's box of signing and SSH keys: each key's fingerprint and last use, add and remove.
import type { FC } from 'hono/jsx';
import type { AccountKey } from '../keys.js';

export const KeysBox: FC<{ keys: AccountKey[]; csrf: string }> = ({ keys, csrf }) => (
  <div class="Box mb-4" id="keys">
    <div class="Box-header">
      <h2 class="Box-title">SSH and OpenPGP keys</h2>
      <p class="color-fg-muted text-small mb-0">
        Entries you sign with these keys show as Verified, and a push may carry them; SSH keys also sign you in over
        SSH.
      </p>
    </div>
    {keys.length === 0 ? (
      <div class="Box-row color-fg-muted" id="no-keys">
        No keys yet.
      </div>
    ) : null}
    {keys.map((k) => (
      <div class="Box-row d-flex flex-items-center flex-wrap" data-fingerprint={k.fingerprint}>
        <span class="flex-auto" style="min-width:0">
          <span class="Label mr-1">{k.format === 'ssh' ? 'SSH' : 'OpenPGP'}</span>
          <strong>{k.title}</strong>
          <code class="d-block text-small color-fg-muted" style="overflow-wrap:anywhere">
            {k.fingerprint}
          </code>
          <span class="color-fg-muted text-small">
            added {k.created.slice(0, 10)}, {k.lastUsed ? `last used ${k.lastUsed.slice(0, 10)}` : 'never used'}
            {k.emails.length ? ` · ${k.emails.join(', ')}` : ''}
          </span>
        </span>
        <form method="post" action="/-/account/keys/delete">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="fingerprint" value={k.fingerprint} />
          <button class="btn btn-sm btn-danger" type="submit">
            Remove
          </button>
        </form>
      </div>
    ))}
    <div class="Box-row">
      <form method="post" action="/-/account/keys">
        <input type="hidden" name="_csrf" value={csrf} />
        <input class="form-control mb-2 width-full" name="title" placeholder="Title (laptop)" aria-label="Key title" />
        <textarea
          class="form-control mb-2 width-full"
          name="key"
          rows={4}
          required
          aria-label="Public key"
          placeholder="ssh-ed25519 AAAA... (your .pub file), or -----BEGIN PGP PUBLIC KEY BLOCK----- (gpg --armor --export)"
        />
        <button class="btn" type="submit" id="add-key">
          Add key
        </button>
      </form>
    </div>
  </div>
);
