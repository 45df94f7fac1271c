// Push options for proposals, from `git push -o key=value` and from Gitblit's `refs/for/main%t=x,r=ann`: pure parsing.
import { DitError } from '../errors.js';

/** What a push can say about its ticket (names and labels are checked by the receiver). */
export interface PushOptions {
  topic?: string;
  responsible?: string;
  milestone?: string;
  title?: string;
  cc: string[];
  labels: string[];
  draft: boolean;
}

/** Long names and Gitblit's short ones; `cc` and `label` repeat. */
const KEYS: Record<string, keyof PushOptions> = {
  topic: 'topic',
  t: 'topic',
  responsible: 'responsible',
  r: 'responsible',
  milestone: 'milestone',
  m: 'milestone',
  title: 'title',
  cc: 'cc',
  label: 'labels',
  l: 'labels',
  draft: 'draft',
};
export const OPTION_NAMES = ['topic (t)', 'responsible (r)', 'milestone (m)', 'title', 'cc', 'label (l)', 'draft'];

export class PushRefusal extends DitError {
  constructor(message: string) {
    super('invalid-value', message);
  }
}

/** Reads `key=value` options (and a bare `draft`); an unknown key is refused by name. */
export function parsePushOptions(raw: readonly string[]): PushOptions {
  const out: PushOptions = { cc: [], labels: [], draft: false };
  for (const item of raw) {
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (key === '') continue;
    const field = KEYS[key];
    if (!field) throw new PushRefusal(`unknown push option "${key}"; dit knows ${OPTION_NAMES.join(', ')}`);
    if (field === 'draft') {
      if (value !== '' && !/^(true|yes|1|false|no|0)$/i.test(value))
        throw new PushRefusal(`draft takes no value (or true/false), not "${value}"`);
      out.draft = value === '' || /^(true|yes|1)$/i.test(value);
      continue;
    }
    if (value === '') throw new PushRefusal(`push option "${key}" needs a value: -o ${key}=...`);
    if (/[\r\n\0]/.test(value)) throw new PushRefusal(`push option "${key}" must be one line`);
    if (field === 'cc' || field === 'labels') out[field].push(value);
    else out[field] = value;
  }
  return out;
}

/** A `refs/for/` destination: what follows it (a branch, `new`, or a ticket id prefix) and its `%` options. */
export interface ForRef {
  spec: string;
  options: string[];
}

export const FOR_PREFIX = 'refs/for/';

/** Splits `refs/for/<spec>[%k=v,k=v]`; Gitblit's options separate with commas, values cannot hold one. */
export function parseForRef(ref: string): ForRef {
  if (!ref.startsWith(FOR_PREFIX)) throw new PushRefusal(`${ref} is not under ${FOR_PREFIX}`);
  const rest = ref.slice(FOR_PREFIX.length);
  const pct = rest.indexOf('%');
  const spec = pct < 0 ? rest : rest.slice(0, pct);
  const options =
    pct < 0
      ? []
      : rest
          .slice(pct + 1)
          .split(',')
          .filter((o) => o !== '');
  if (spec === '') throw new PushRefusal(`push to ${FOR_PREFIX}new, ${FOR_PREFIX}<branch> or ${FOR_PREFIX}<ticket id>`);
  return { spec, options };
}

/** Options from both places: the ref's `%` part first, then `-o`, so a `-o` value wins for single fields. */
export function combinedOptions(forRef: ForRef, pushOptions: readonly string[]): PushOptions {
  return parsePushOptions([...forRef.options, ...pushOptions]);
}
