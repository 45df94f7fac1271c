// Milestone and label-definition operations shared by the CLI, the pages and the API.
import * as v from 'valibot';
import { DitError, invalid } from '../../errors.js';
import { isOpen } from '../../model/fields.js';
import { nameId } from '../../model/ids.js';
import { defaultColor, type LabelDef, labelDefEntrySchema } from '../../model/label-def.js';
import { type Milestone, type MilestoneFields, milestoneEntrySchema } from '../../model/milestone.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';
import { header, nextClock, validated } from '../write/entries.js';
import { authorOf, type Target, writeEntries } from '../write/write.js';
import * as input from './input.js';

export async function findMilestone(view: View, name: string): Promise<Milestone> {
  const all = await view.milestones();
  const m = all.find((x) => x.name === name) ?? all.find((x) => x.id === nameId('milestone', name));
  if (!m)
    throw new DitError(
      'not-found',
      `no milestone "${name}"; create it with \`dit milestone new ${JSON.stringify(name)}\` (existing: ${all.map((x) => x.name).join(', ') || 'none'})`,
      { name },
    );
  return m;
}

export async function createMilestone(
  store: Store,
  view: View,
  fields: MilestoneFields & { name: string },
  target: Target,
): Promise<Milestone> {
  if (fields.due) checkDate(fields.due);
  const id = nameId('milestone', fields.name);
  if ((await view.milestones()).some((m) => m.id === id || m.name === fields.name)) {
    throw new DitError('exists', `milestone "${fields.name}" exists already; change it with \`dit milestone edit\``, {
      name: fields.name,
    });
  }
  const author = await authorOf(store, target);
  const entry = validated(milestoneEntrySchema, {
    ...header('create', { milestone: id }, nextClock(await view.milestoneEntries(id)), author),
    fields: { state: 'open', ...fields },
  });
  await writeEntries(
    store,
    target,
    [{ collection: 'milestones', journal: id, entry }],
    `dit: new milestone ${fields.name}`,
  );
  return {
    id,
    name: fields.name,
    description: fields.description ?? '',
    due: fields.due ?? null,
    state: 'open',
    color: fields.color ?? null,
    author,
    created: entry.time,
    updated: entry.time,
  };
}

export async function editMilestone(
  store: Store,
  view: View,
  name: string,
  fields: MilestoneFields,
  target: Target,
): Promise<boolean> {
  if (fields.due) checkDate(fields.due);
  const m = await findMilestone(view, name);
  const changed: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(fields))
    if (val !== undefined && (m as unknown as Record<string, unknown>)[k] !== val) changed[k] = val;
  if (!Object.keys(changed).length) return false;
  if (typeof changed.name === 'string' && (await view.milestones()).some((x) => x.name === changed.name)) {
    throw new DitError('exists', `milestone "${String(changed.name)}" exists already`);
  }
  const author = await authorOf(store, target);
  const entry = validated(milestoneEntrySchema, {
    ...header('set', { milestone: m.id }, nextClock(await view.milestoneEntries(m.id)), author),
    fields: changed,
  });
  await writeEntries(
    store,
    target,
    [{ collection: 'milestones', journal: m.id, entry }],
    `dit: edit milestone ${m.name}`,
  );
  return true;
}

/** A due date as adapters pass it: checked here, so the CLI, the pages and the API refuse alike. */
export function checkDate(s: string): string {
  if (!v.is(input.due, s))
    throw invalid(`"${s}" is not a date; write it as YYYY-MM-DD, like 2027-01-15`, { field: 'due', value: s });
  return s;
}

/** Creates or changes a label definition (colour, description). */
export async function defineLabel(
  store: Store,
  view: View,
  name: string,
  fields: { color?: string; description?: string },
  target: Target,
): Promise<LabelDef> {
  const id = nameId('label', name);
  const current = (await view.labelDefs()).find((d) => d.id === id);
  const author = await authorOf(store, target);
  const raw: Record<string, unknown> = {
    ...header('define', { label: id }, nextClock(await view.labelDefEntries(id)), author),
    name,
  };
  if (fields.color !== undefined) raw.color = fields.color.replace(/^#/, '').toLowerCase();
  if (fields.description !== undefined) raw.description = fields.description;
  const entry = validated(labelDefEntrySchema, raw);
  const result = {
    id,
    name,
    color: entry.color ?? current?.color ?? defaultColor(name),
    description: entry.description ?? current?.description ?? '',
  };
  if (current && result.color === current.color && result.description === current.description) return current;
  await writeEntries(store, target, [{ collection: 'labels', journal: id, entry }], `dit: define label ${name}`);
  return result;
}

export type MilestoneRow = Milestone & { tickets: number; open: number; closed: number };

/** Milestones with how many of their tickets are open and closed in the view (the progress bars). */
export async function milestoneRows(view: View): Promise<MilestoneRow[]> {
  const [milestones, summaries] = await Promise.all([view.milestones(), view.summaries()]);
  const counts = new Map<string, { open: number; closed: number }>();
  for (const s of summaries) {
    if (!s.milestone) continue;
    const c = counts.get(s.milestone) ?? { open: 0, closed: 0 };
    if (isOpen(s.status)) c.open++;
    else c.closed++;
    counts.set(s.milestone, c);
  }
  return milestones.map((m) => {
    const c = counts.get(m.name) ?? { open: 0, closed: 0 };
    return { ...m, tickets: c.open + c.closed, ...c };
  });
}

export type LabelRow = LabelDef & { open: number; total: number };

/** Defined labels and those tickets use without a definition, with counts, by name. */
export async function labelRows(view: View): Promise<LabelRow[]> {
  const [defs, summaries] = await Promise.all([view.labelDefs(), view.summaries()]);
  const byName = new Map(defs.map((d) => [d.name, { ...d, open: 0, total: 0 }]));
  for (const s of summaries)
    for (const l of s.labels) {
      const row = byName.get(l) ?? { id: '', name: l, color: defaultColor(l), description: '', open: 0, total: 0 };
      row.total++;
      if (isOpen(s.status)) row.open++;
      byName.set(l, row);
    }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
