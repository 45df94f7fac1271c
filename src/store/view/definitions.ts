// A view's milestones and label definitions: journals named by a name id, folded the same way.
import type * as v from 'valibot';
import type { Loaded } from '../../model/entry-file.js';
import { compare } from '../../model/ids.js';
import { foldLabelDef, type LabelDef, type LabelDefEntry, labelDefEntrySchema } from '../../model/label-def.js';
import { foldMilestone, type Milestone, type MilestoneEntry, milestoneEntrySchema } from '../../model/milestone.js';
import { loadJournal } from './journal-load.js';
import type { ViewSources } from './sources.js';

/** One kind of definition: where its journals live, its entry schema, its fold and its order. */
interface Kind<E, D> {
  collection: 'milestones' | 'labels';
  owner: 'milestone' | 'label';
  schema: v.GenericSchema<unknown, E>;
  fold: (id: string, entries: Loaded<E>[]) => D | null;
  order: (a: D, b: D) => number;
}

export const MILESTONES: Kind<MilestoneEntry, Milestone> = {
  collection: 'milestones',
  owner: 'milestone',
  schema: milestoneEntrySchema,
  fold: foldMilestone,
  order: (a, b) => compare(a.due ?? '9999', b.due ?? '9999') || compare(a.name, b.name),
};

export const LABELS: Kind<LabelDefEntry, LabelDef> = {
  collection: 'labels',
  owner: 'label',
  schema: labelDefEntrySchema,
  fold: foldLabelDef,
  order: (a, b) => compare(a.name, b.name),
};

/** Every definition of a kind in the view, folded and sorted; bad entry files become warnings. */
export async function definitions<E, D>(view: ViewSources, kind: Kind<E, D>): Promise<D[]> {
  const out: D[] = [];
  for (const p of (await view.journalsOf(kind.collection)).values()) {
    const { entries, warnings } = await loadJournal(view.deps.vcs, p, kind.schema, kind.owner);
    view.note(warnings);
    const d = kind.fold(p.id, entries as Loaded<E>[]);
    if (d) out.push(d);
  }
  return out.sort(kind.order);
}

/** The validated entries of one definition's journal (writers use them for the next clock). */
export async function definitionEntries<E, D>(view: ViewSources, kind: Kind<E, D>, id: string): Promise<Loaded<E>[]> {
  const p = (await view.journalsOf(kind.collection)).get(id);
  return p ? ((await loadJournal(view.deps.vcs, p, kind.schema, kind.owner)).entries as Loaded<E>[]) : [];
}
