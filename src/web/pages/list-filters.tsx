// The list's filter menus, as GitHub's: Author, Label, Milestone, Responsible and Type, each a menu of
// plain links that edit the query text (so they work without script); app.js adds a filter box to each.
import type { FC } from 'hono/jsx';
import { TYPES } from '../../model/fields.js';
import type { KnownPerson } from '../../model/people.js';
import { qualifierValues, setQualifier, term, toggleQualifier, withoutTerm } from '../../query/edit.js';
import type { SavedQuery } from '../../store/read/saved-queries.js';
import { Avatar, type Frame, href, Icon, labelColor } from '../ui.js';

export interface FilterData {
  labels: readonly { name: string; color: string; description: string }[];
  milestones: readonly string[];
  people: readonly KnownPerson[];
  saved: readonly SavedQuery[];
}

interface Item {
  label: string;
  href: string;
  checked: boolean;
  filter: string;
  swatch?: string;
  person?: KnownPerson;
  note?: string;
}

/** How many labels the filter menu lists (those in the query first); the Labels page has them all. */
const MENU_MAX = 100;
const menuLabels = <L extends { name: string }>(all: readonly L[], inQuery: readonly string[]): L[] => {
  const chosen = all.filter((l) => inQuery.includes(l.name.toLowerCase()));
  return [...chosen, ...all.filter((l) => !inQuery.includes(l.name.toLowerCase())).slice(0, MENU_MAX - chosen.length)];
};

/** People keys as a query names them: the email's local part reads best and matches like the email. */
const personValue = (p: KnownPerson) => p.email || p.name;
const names = (p: KnownPerson, v: string) => {
  const x = v.toLowerCase();
  return [p.email, p.name, p.email.slice(0, Math.max(0, p.email.lastIndexOf('@')))].some(
    (k) => k && k.toLowerCase() === x,
  );
};

const Menu: FC<{
  id: string;
  title: string;
  heading: string;
  items: Item[];
  active: boolean;
  what: string;
  gravatar?: boolean;
}> = ({ id, title, heading, items, active, what, gravatar }) => (
  <details class="details-reset details-overlay position-relative filter-menu" id={`filter-${id}`}>
    <summary class={`btn-link px-2 ${active ? 'color-fg-default text-bold' : 'color-fg-muted'}`} aria-haspopup="menu">
      {title} <span class="dropdown-caret"></span>
    </summary>
    <div class="SelectMenu right-0">
      <div class="SelectMenu-modal">
        <header class="SelectMenu-header">
          <h3 class="SelectMenu-title">{heading}</h3>
        </header>
        <div class="SelectMenu-filter js-menu-filter-box" hidden>
          <input
            class="SelectMenu-input form-control js-menu-filter"
            type="search"
            placeholder={`Filter ${what}`}
            aria-label={`Filter ${what}`}
            autocomplete="off"
          />
        </div>
        <div class="SelectMenu-list">
          {items.map((i) => (
            <a
              class="SelectMenu-item"
              role="menuitemcheckbox"
              aria-checked={i.checked ? 'true' : 'false'}
              href={i.href}
              data-filter={i.filter}
            >
              <Icon name="check" class="SelectMenu-icon SelectMenu-icon--check" />
              {i.swatch ? <span class="picker-swatch" style={`background-color:#${i.swatch}`}></span> : null}
              {i.person ? <Avatar p={i.person} gravatar={gravatar} /> : null}
              <span class="min-width-0">
                <span class="d-block text-bold">{i.label}</span>
                {i.note ? <span class="d-block text-small color-fg-muted">{i.note}</span> : null}
              </span>
            </a>
          ))}
          {items.length === 0 ? <div class="SelectMenu-message">Nothing to filter by yet</div> : null}
        </div>
      </div>
    </div>
  </details>
);

/** The menus above the list; each link is the page's query with one term set, cleared or toggled. */
export const FilterMenus: FC<{ f: Frame; q: string; d: FilterData }> = ({ f, q, d }) => {
  const link = (query: string) => href(f, '/', { q: query });
  const authors = qualifierValues(q, ['author']);
  const responsible = qualifierValues(q, ['responsible', 'assignee']);
  const labels = qualifierValues(q, ['label']).map((l) => l.toLowerCase());
  const milestones = qualifierValues(q, ['milestone']).map((m) => m.toLowerCase());
  const types = qualifierValues(q, ['type']).map((t) => t.toLowerCase());
  const no = qualifierValues(q, ['no']).map((x) => x.toLowerCase());
  const people = (name: 'author' | 'responsible', chosen: string[]): Item[] =>
    d.people.map((p) => {
      const checked = chosen.some((v) => names(p, v));
      return {
        label: p.name || p.email,
        note: p.name ? p.email : undefined,
        href: link(
          name === 'author'
            ? setQualifier(q, ['author'], checked ? null : term('author', personValue(p)))
            : setQualifier(
                withoutTerm(withoutTerm(q, 'no', 'responsible'), 'no', 'assignee'),
                ['responsible', 'assignee'],
                checked ? null : term('responsible', personValue(p)),
              ),
        ),
        checked,
        filter: `${p.name} ${p.email}`.toLowerCase(),
        person: p,
      };
    });
  const noResponsible = no.includes('responsible') || no.includes('assignee');
  return (
    <div class="d-flex flex-wrap flex-items-center filter-menus" id="filter-menus">
      <Menu
        gravatar={f.gravatar}
        id="author"
        title="Author"
        heading="Filter by author"
        what="users"
        active={authors.length > 0}
        items={people('author', authors)}
      />
      <Menu
        gravatar={f.gravatar}
        id="label"
        title="Label"
        heading="Filter by label"
        what="labels"
        active={labels.length > 0 || no.includes('label')}
        items={[
          {
            label: 'Unlabeled',
            href: link(no.includes('label') ? withoutTerm(q, 'no', 'label') : setQualifier(q, ['label'], 'no:label')),
            checked: no.includes('label'),
            filter: 'unlabeled none',
          },
          ...menuLabels(d.labels, labels).map((l) => ({
            label: l.name,
            note: l.description || undefined,
            href: link(toggleQualifier(withoutTerm(q, 'no', 'label'), 'label', l.name)),
            checked: labels.includes(l.name.toLowerCase()),
            filter: `${l.name} ${l.description}`.toLowerCase(),
            swatch: labelColor(l.name, l.color),
          })),
          ...(d.labels.length > MENU_MAX
            ? [
                {
                  label: `${(d.labels.length - MENU_MAX).toLocaleString('en')} more on the Labels page`,
                  href: href(f, '/labels'),
                  checked: false,
                  filter: '',
                },
              ]
            : []),
        ]}
      />
      <Menu
        gravatar={f.gravatar}
        id="milestone"
        title="Milestone"
        heading="Filter by milestone"
        what="milestones"
        active={milestones.length > 0 || no.includes('milestone')}
        items={[
          {
            label: 'Tickets with no milestone',
            href: link(
              no.includes('milestone')
                ? withoutTerm(q, 'no', 'milestone')
                : setQualifier(q, ['milestone'], 'no:milestone'),
            ),
            checked: no.includes('milestone'),
            filter: 'no milestone none',
          },
          ...d.milestones.map((m) => {
            const checked = milestones.includes(m.toLowerCase());
            const rest = withoutTerm(q, 'no', 'milestone');
            return {
              label: m,
              href: link(setQualifier(rest, ['milestone'], checked ? null : term('milestone', m))),
              checked,
              filter: m.toLowerCase(),
            };
          }),
        ]}
      />
      <Menu
        gravatar={f.gravatar}
        id="responsible"
        title="Responsible"
        heading="Filter by who is responsible"
        what="users"
        active={responsible.length > 0 || noResponsible}
        items={[
          {
            label: 'No one responsible',
            href: link(
              noResponsible
                ? withoutTerm(withoutTerm(q, 'no', 'responsible'), 'no', 'assignee')
                : setQualifier(q, ['responsible', 'assignee'], 'no:responsible'),
            ),
            checked: noResponsible,
            filter: 'no one nobody none',
          },
          ...people('responsible', responsible),
        ]}
      />
      <Menu
        gravatar={f.gravatar}
        id="type"
        title="Type"
        heading="Filter by type"
        what="types"
        active={types.length > 0}
        items={TYPES.map((t) => {
          const checked = types.includes(t);
          return { label: t, href: link(setQualifier(q, ['type'], checked ? null : `type:${t}`)), checked, filter: t };
        })}
      />
    </div>
  );
};

/** Saved queries (`git config dit.query.<name>`), as a side list of views like GitHub's. */
export const SavedQueries: FC<{ f: Frame; q: string; saved: readonly SavedQuery[] }> = ({ f, q, saved }) => (
  <nav class="menu saved-queries" aria-label="Saved queries" id="saved-queries">
    <span class="menu-heading">Saved queries</span>
    <a class="menu-item" href={href(f, '/')} aria-current={q.trim() === 'is:open' ? 'page' : undefined}>
      Open tickets
    </a>
    {saved.map((s) => (
      <a
        class="menu-item"
        href={href(f, '/', { q: s.query })}
        aria-current={q.trim() === s.query ? 'page' : undefined}
        title={s.query}
      >
        {s.name}
      </a>
    ))}
  </nav>
);
