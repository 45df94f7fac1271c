// Filter-menu edits of query text: plain top-level terms are read and replaced; the rest stays as written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { qualifierValues, setQualifier, term, toggleQualifier, withoutTerm } from './edit.js';
import { parseQuery } from './parse.js';

test('reads plain top-level values only: not negated, not in parentheses or OR groups', () => {
  assert.deepEqual(qualifierValues('is:open label:ui label:"good first" crash', ['label']), ['ui', 'good first']);
  assert.deepEqual(qualifierValues('-label:ui (label:api) label:a OR label:b label:c', ['label']), []);
  assert.deepEqual(qualifierValues('is:open assignee:bob', ['responsible', 'assignee']), ['bob']);
  assert.deepEqual(qualifierValues('label:"unclosed', ['label']), [], 'text that does not lex has none');
});

test('setQualifier replaces every plain term of the field and keeps the rest as written', () => {
  assert.equal(setQualifier('is:open author:ann crash', ['author'], 'author:bob'), 'is:open crash author:bob');
  assert.equal(setQualifier('is:open author:ann author:cat', ['author'], null), 'is:open');
  assert.equal(
    setQualifier('-author:ann (author:bob OR x) author:cat', ['author'], 'author:dan'),
    '-author:ann (author:bob OR x) author:dan',
  );
  assert.equal(
    setQualifier('responsible:a assignee:b', ['responsible', 'assignee'], 'no:responsible'),
    'no:responsible',
  );
  assert.equal(setQualifier('', ['milestone'], term('milestone', '2.4 beta')), 'milestone:"2.4 beta"');
  assert.equal(setQualifier('label:"oops', ['label'], 'label:x'), 'label:"oops label:x', 'unlexable text is kept');
  assert.equal(
    setQualifier('crash OR hang', ['author'], 'author:ann'),
    '(crash OR hang) author:ann',
    'applies to all of an OR',
  );
  assert.equal(toggleQualifier('a OR b', 'label', 'ui'), '(a OR b) label:ui');
});

test('toggleQualifier adds a label or removes it when present; withoutTerm drops one term', () => {
  assert.equal(toggleQualifier('is:open', 'label', 'ui'), 'is:open label:ui');
  assert.equal(toggleQualifier('is:open label:UI crash', 'label', 'ui'), 'is:open crash');
  assert.equal(toggleQualifier('is:open', 'label', 'good first'), 'is:open label:"good first"');
  assert.equal(withoutTerm('no:label is:open no:milestone', 'no', 'label'), 'is:open no:milestone');
  assert.equal(withoutTerm('-no:label is:open', 'no', 'label'), '-no:label is:open', 'a negation is not its term');
});

test('property: an edited query still parses, and says what was set', () => {
  const piece = fc.constantFrom(
    'is:open',
    'crash',
    '"on save"',
    'label:ui',
    '-label:api',
    '(type:bug OR type:task)',
    'author:ann',
    'sort:votes-desc',
  );
  const value = fc.constantFrom('bob', 'Ann Author', 'x(y)', 'ümlaut');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 5 }), value, (parts, v) => {
      const q = parts.join(' ');
      try {
        parseQuery(q);
      } catch {
        return; // e.g. a dangling OR: the page says what is wrong, the menus have nothing to keep
      }
      const edited = setQualifier(q, ['author'], term('author', v));
      assert.doesNotThrow(() => parseQuery(edited), edited);
      assert.deepEqual(qualifierValues(edited, ['author']), [v.replace(/"/g, '')]);
      const toggled = toggleQualifier(edited, 'label', v);
      assert.ok(qualifierValues(toggled, ['label']).includes(v));
      assert.ok(!qualifierValues(toggleQualifier(toggled, 'label', v), ['label']).includes(v));
    }),
    { numRuns: 200 },
  );
});
