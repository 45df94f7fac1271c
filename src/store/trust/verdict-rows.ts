// Verdicts kept in the derived store by key set id and verdict key, where the quick path of `dit show` reads them.
import type { Verdict } from '../../model/trust/verdict.js';
import type { Derived } from '../cache/derived.js';
import type { VerdictRows } from './verdicts.js';

/** The derived store's verdict rows, as trust/verdicts.ts keeps and looks them up. */
export function verdictRows(derived: Derived): VerdictRows {
  return {
    known: (keySet, keys) =>
      derived.guard((index) => {
        const out = new Map<string, Verdict>();
        for (const [k, v] of index.verdicts(keySet, keys)) out.set(k, JSON.parse(v) as Verdict);
        return out;
      }),
    keep: (keySet, found) =>
      derived.guard((index) =>
        index.keepVerdicts(
          keySet,
          found.map(([k, v]) => [k, JSON.stringify(v)] as const),
        ),
      ),
  };
}
