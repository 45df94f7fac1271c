// Pickers for labels, milestones and people: plain checkboxes and radio buttons in a form, which work
// without script; app.js adds a filter box that narrows the choices as you type (`.js-picker`).
import type { FC } from 'hono/jsx';
import type { LabelDef } from '../../model/label-def.js';
import type { KnownPerson } from '../../model/people.js';
import { Avatar, labelColor } from '../ui.js';

/** The filter box app.js shows and wires; without script it stays hidden and every choice is listed. */
const Filter: FC<{ label: string }> = ({ label }) => (
  <input
    type="search"
    class="form-control input-sm width-full mb-1 js-picker-filter"
    placeholder={`Filter ${label}`}
    aria-label={`Filter ${label}`}
    autocomplete="off"
    hidden
  />
);

/** One known person in a people picker: a radio button or checkbox with its avatar, name and email. */
const PersonItem: FC<{
  p: KnownPerson;
  gravatar?: boolean | undefined;
  type: 'radio' | 'checkbox';
  name: string;
  value: string;
  checked: boolean;
}> = ({ p, gravatar, type, name, value, checked }) => (
  <label class="picker-item" data-filter={`${p.name} ${p.email}`.toLowerCase()}>
    <input type={type} name={name} value={value} checked={checked} class="mr-2" />
    <Avatar p={p} gravatar={gravatar} />
    <span class="picker-text">
      <span class="picker-name">{p.name || p.email}</span>
      {p.name && p.email ? <span class="picker-description">{p.email}</span> : null}
    </span>
  </label>
);

/** How many unchecked choices a picker lists before "N more". */
export const PICKER_MAX = 200;

/** Label checkboxes: every defined label and every label some ticket uses, in their colours. */
export const LabelChoices: FC<{
  labels: readonly Pick<LabelDef, 'name' | 'color' | 'description'>[];
  checked: readonly string[];
}> = ({ labels, checked }) => {
  const byName = new Map(labels.map((l) => [l.name, l]));
  for (const n of checked) if (!byName.has(n)) byName.set(n, { name: n, color: '', description: '' });
  const sorted = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'));
  // every checked label stays (the form sets the labels to what is checked); the others up to a bound,
  // so a repository with thousands of labels does not make every ticket page as large
  const others = sorted.filter((l) => !checked.includes(l.name));
  const shown = new Set([...checked, ...others.slice(0, PICKER_MAX).map((l) => l.name)]);
  const all = sorted.filter((l) => shown.has(l.name));
  const more = sorted.length - all.length;
  return (
    <div class="js-picker picker" data-picker="labels">
      <Filter label="labels" />
      <fieldset class="label-choices picker-choices">
        <legend class="sr-only">Labels</legend>
        {all.map((l) => (
          <label class="picker-item" data-filter={`${l.name} ${l.description}`.toLowerCase()}>
            <input type="checkbox" name="label" value={l.name} checked={checked.includes(l.name)} class="mr-2" />
            <span class="picker-swatch" style={`background-color:#${labelColor(l.name, l.color)}`}></span>
            <span class="picker-text">
              <span class="picker-name">{l.name}</span>
              {l.description ? <span class="picker-description">{l.description}</span> : null}
            </span>
          </label>
        ))}
        <p class="picker-empty color-fg-muted text-small" hidden>
          No label matches; type new ones below.
        </p>
        {more > 0 ? (
          <p class="picker-more color-fg-muted text-small">
            {more.toLocaleString('en')} more labels not listed; type their names below.
          </p>
        ) : null}
      </fieldset>
    </div>
  );
};

/** Milestone radio buttons: None, then the open milestones (and the current one even when closed). */
export const MilestoneChoices: FC<{
  names: readonly { name: string; due?: string | null; closed?: boolean }[];
  selected: string | null;
}> = ({ names, selected }) => (
  <div class="js-picker picker" data-picker="milestone">
    <Filter label="milestones" />
    <div class="picker-choices" role="radiogroup" aria-label="Milestone">
      <label class="picker-item" data-filter="">
        <input type="radio" name="milestone" value="" checked={!selected} class="mr-2" />
        <span class="picker-text color-fg-muted">No milestone</span>
      </label>
      {names.map((m) => (
        <label class="picker-item" data-filter={m.name.toLowerCase()}>
          <input type="radio" name="milestone" value={m.name} checked={m.name === selected} class="mr-2" />
          <span class="picker-text">
            <span class="picker-name">{m.name}</span>
            {m.due || m.closed ? (
              <span class="picker-description">
                {m.closed ? 'closed' : ''}
                {m.due ? `${m.closed ? ' · ' : ''}due ${m.due.slice(0, 10)}` : ''}
              </span>
            ) : null}
          </span>
        </label>
      ))}
      <p class="picker-empty color-fg-muted text-small" hidden>
        No milestone matches.
      </p>
    </div>
  </div>
);

/**
 * People radio buttons for one field (`responsible`): nobody, the known people by name, and a box for
 * anyone else (a name or an email), which wins when filled in.
 */
export const PersonChoices: FC<{
  name: string;
  people: readonly KnownPerson[];
  selected: string | null;
  current?: KnownPerson | null;
  gravatar?: boolean;
}> = ({ name, people, selected, current, gravatar }) => {
  const keyOf = (p: KnownPerson) => (p.name && p.email ? `${p.name} <${p.email}>` : p.email || p.name);
  const isSelected = (p: KnownPerson) =>
    !!selected &&
    (keyOf(p) === selected ||
      (!!p.email && !!current?.email && p.email.toLowerCase() === current.email.toLowerCase()) ||
      (!p.email && !!current && !current.email && p.name === current.name));
  const listed = people.some(isSelected);
  return (
    <div class="js-picker picker" data-picker={name}>
      <Filter label="people" />
      <div class="picker-choices" role="radiogroup" aria-label={name}>
        <label class="picker-item" data-filter="">
          <input type="radio" name={name} value="" checked={!selected} class="mr-2" />
          <span class="picker-text color-fg-muted">No one</span>
        </label>
        {selected && !listed ? (
          <label class="picker-item" data-filter={selected.toLowerCase()}>
            <input type="radio" name={name} value={selected} checked class="mr-2" />
            <span class="picker-text">
              <span class="picker-name">{selected}</span>
            </span>
          </label>
        ) : null}
        {/* the current value stays as written, so saving other fields does not rewrite it */}
        {people.map((p) => (
          <PersonItem
            p={p}
            gravatar={gravatar}
            type="radio"
            name={name}
            value={isSelected(p) ? selected! : keyOf(p)}
            checked={isSelected(p)}
          />
        ))}
        <p class="picker-empty color-fg-muted text-small" hidden>
          Nobody known matches; type a name or email below.
        </p>
      </div>
      <input
        class="form-control input-sm width-full mt-1"
        name={`${name}-other`}
        placeholder="someone else: name or email"
        aria-label={`Someone else as ${name}`}
      />
    </div>
  );
};

/**
 * Watcher checkboxes (GitHub's cc): everyone watching, then the known people, and a box for anyone
 * else (names or emails, comma separated). A person's value is the email when known, as watch entries
 * name people.
 */
export const WatcherChoices: FC<{
  people: readonly KnownPerson[];
  watchers: readonly KnownPerson[];
  gravatar?: boolean;
}> = ({ people, watchers, gravatar }) => {
  const keyOf = (p: KnownPerson) => p.email || p.name;
  const watching = new Set(watchers.map((p) => keyOf(p).toLowerCase()));
  const listed = [...watchers, ...people.filter((p) => !watching.has(keyOf(p).toLowerCase()))];
  return (
    <div class="js-picker picker" data-picker="watchers">
      <Filter label="people" />
      <fieldset class="picker-choices">
        <legend class="sr-only">Watchers</legend>
        {listed.map((p) => (
          <PersonItem
            p={p}
            gravatar={gravatar}
            type="checkbox"
            name="watcher"
            value={keyOf(p)}
            checked={watching.has(keyOf(p).toLowerCase())}
          />
        ))}
        <p class="picker-empty color-fg-muted text-small" hidden>
          Nobody known matches; type names or emails below.
        </p>
      </fieldset>
      <input
        class="form-control input-sm width-full mt-1"
        name="watcher-other"
        placeholder="others: names or emails, comma separated"
        aria-label="Other watchers"
      />
    </div>
  );
};
