// Reads one journal's entry files and validates each against its collection's schema.
import type * as v from 'valibot';
import { type Loaded, parseEntry } from '../../model/entry-file.js';
import { canonicalBytes } from '../../model/trust/signed-entry.js';
import type { Vcs } from '../../vcs/port.js';
import { type JournalParts, readJournal, type Warning } from './journals.js';

/** Clocks disagree by minutes, not days: an entry dated further ahead than this is reported. */
const FUTURE_SLACK_MS = 24 * 3600_000;

/** Whose journal an entry says it belongs to: a ticket id, or a milestone's or label's name id. */
export type Owner = 'ticket' | 'milestone' | 'label';

/** Reads and validates a journal; a bad file, or one naming another journal, becomes a warning and is skipped. */
export async function loadJournal<S extends v.GenericSchema>(
  vcs: Vcs,
  p: JournalParts,
  schema: S,
  owner: Owner,
): Promise<{ entries: Loaded<v.InferOutput<S>>[]; warnings: Warning[] }> {
  const files = await readJournal(vcs, p);
  const entries: Loaded<v.InferOutput<S>>[] = [];
  const warnings: Warning[] = [];
  for (const f of files) {
    if (f.problem) {
      warnings.push({ path: f.path, problem: f.problem });
      continue;
    }
    const r = parseEntry(schema, f.data);
    if (!r.ok) {
      warnings.push({ path: f.path, problem: r.problem });
      continue;
    }
    const e = r.entry as Record<string, unknown>;
    const names = owner === 'ticket' ? (e.kind === 'create' ? f.id : e.ticket) : e[owner];
    if (names !== p.id) {
      const problem = `belongs to ${owner} ${String(names).slice(0, 12)}, not ${p.id.slice(0, 12)}; skipped`;
      warnings.push({ path: f.path, problem });
      continue;
    }
    // a clock cannot say when an entry was really written; one dated ahead is kept, but said
    if (typeof e.time === 'string' && Date.parse(e.time) > Date.now() + FUTURE_SLACK_MS) {
      warnings.push({
        path: f.path,
        problem: `is dated ${e.time}, in the future: until then it counts as the latest change (first in "recently updated")`,
      });
    }
    // a signed entry keeps the bytes its signature covers, for the verdict (trust/verdicts.ts)
    entries.push(
      r.sig
        ? { id: f.id, entry: r.entry, signed: { sig: r.sig, canonical: canonicalBytes(f.data) } }
        : { id: f.id, entry: r.entry },
    );
  }
  return { entries, warnings };
}
