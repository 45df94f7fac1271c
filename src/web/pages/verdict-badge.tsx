// GitHub's commit badges for entries: "Verified" / "Unverified", with a popover saying who signed and why.
import type { FC } from 'hono/jsx';
import type { Verdict } from '../../model/trust/verdict.js';

const FORMAT_NAME = { ssh: 'SSH', openpgp: 'GPG', x509: 'S/MIME' } as const;

/** Nothing for an unsigned entry (as GitHub shows unsigned commits); a badge with a popover otherwise. */
export const VerdictBadge: FC<{ v: Verdict | undefined }> = ({ v }) => {
  if (!v || v.state === 'unsigned') return null;
  const verified = v.state === 'verified';
  const keyWord = v.format ? `${FORMAT_NAME[v.format]} key` : 'key';
  return (
    <details class={`verdict verdict-${v.state}`}>
      <summary
        class={`Label ${verified ? 'Label--success' : 'Label--attention'}`}
        title={verified ? 'Verified' : 'Unverified'}
      >
        {verified ? 'Verified' : 'Unverified'}
      </summary>
      <div
        class="Popover verdict-popover"
        role="dialog"
        aria-label={verified ? 'Verified signature' : 'Unverified signature'}
      >
        <div class="Popover-message Box color-shadow-large p-3 text-left">
          {verified ? (
            v.server ? (
              <p class="mb-2">
                Written on <strong>{v.server}</strong> by <strong>{v.signer}</strong>, signed with the server's key.
              </p>
            ) : (
              <p class="mb-2">
                This entry was signed with <strong>{v.signer}</strong>'s verified signature.
              </p>
            )
          ) : (
            <p class="mb-2">This entry's signature could not be verified{v.reason ? `: ${v.reason}` : '.'}</p>
          )}
          {v.key ? (
            <p class="mb-0 text-small color-fg-muted">
              {keyWord} fingerprint:{' '}
              <code class="verdict-key" style="overflow-wrap:anywhere">
                {v.key}
              </code>
            </p>
          ) : null}
          {v.signer && !verified ? <p class="mb-0 mt-1 text-small color-fg-muted">Key of: {v.signer}</p> : null}
        </div>
      </div>
    </details>
  );
};
