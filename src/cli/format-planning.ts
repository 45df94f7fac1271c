// Terminal rendering of the planning lists: `dit labels` and `dit milestone ls`, plain or coloured.
import type { LabelRow, MilestoneRow } from '../store/ops/milestones.js';
import { type Paint, PLAIN } from './paint.js';

const oneLine = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, ' ');

/** One label a line: the name as a chip in its colour, its hex, open and total counts, the description. */
export function renderLabels(rows: readonly LabelRow[], paint: Paint = PLAIN): string {
  const w = Math.max(5, ...rows.map((r) => r.name.length)) + 2;
  let out = '';
  for (const r of rows) {
    const name = oneLine(r.name);
    out +=
      `${paint.label(name, r.color)}${' '.repeat(w - name.length)}${paint.dim(`#${r.color}`)}  ` +
      `${String(r.open).padStart(5)} open ${String(r.total).padStart(6)} total` +
      `${r.description ? `  ${oneLine(r.description.split('\n')[0]!)}` : ''}\n`;
  }
  return out;
}

/** One milestone a line: name, state, due date (red when past and still open), progress, description. */
export function renderMilestones(rows: readonly MilestoneRow[], paint: Paint = PLAIN, today = new Date()): string {
  const w = Math.max(4, ...rows.map((r) => r.name.length)) + 2;
  const now = today.toISOString().slice(0, 10);
  let out = '';
  for (const r of rows) {
    const name = oneLine(r.name);
    const pct = r.tickets ? Math.round((100 * r.closed) / r.tickets) : 0;
    const state = r.state.padEnd(8);
    const due = (r.due ? `due ${r.due}` : 'no due date').padEnd(16);
    const overdue = r.due !== null && r.due !== undefined && r.due < now && r.state === 'open';
    out +=
      `${paint.bold(name)}${' '.repeat(w - name.length)}` +
      `${r.state === 'open' ? paint.added(state) : paint.status('fixed', state)}` +
      `${overdue ? paint.removed(due) : r.due ? due : paint.dim(due)}` +
      `${r.closed}/${r.tickets} closed (${pct}%)` +
      `${r.description ? `  ${oneLine(r.description.split('\n')[0]!)}` : ''}\n`;
  }
  return out;
}
