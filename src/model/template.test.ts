// Templates and edit buffers: front matter as GitHub writes it, comment lines stripped as git strips them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitTitle, stripComments } from './edit-message.js';
import { parseTemplate } from './template.js';

test('front matter gives name, about, title, type, labels (inline or as a list), responsible; the rest is the body', () => {
  const t = parseTemplate(
    'bug',
    '---\nname: Bug report\nabout: "Something is broken"\ntitle: \'[bug] \'\ntype: ' +
      'bug\nlabels: bug, "needs triage"\nassignees:\n  - ann\n---\n\n**Steps**\n1. ...\n',
  );
  assert.equal(t.name, 'Bug report');
  assert.equal(t.about, 'Something is broken');
  assert.equal(t.title, '[bug] ');
  assert.equal(t.type, 'bug');
  assert.deepEqual(t.labels, ['bug', 'needs triage']);
  assert.equal(t.responsible, 'ann');
  assert.equal(t.body, '**Steps**\n1. ...\n');
  assert.deepEqual(parseTemplate('x', '---\nlabels:\n- a\n- b\n---\nbody').labels, ['a', 'b']);
  assert.deepEqual(parseTemplate('x', 'labels: [a]\nno front matter').labels, []);
  assert.equal(parseTemplate('x', 'just a body').body, 'just a body');
});

test('comment lines are stripped, a scissors line ends the text, and blank edges are trimmed', () => {
  assert.equal(stripComments('\nTitle\n\nBody line  \n# a comment\n#\n\n'), 'Title\n\nBody line');
  assert.equal(stripComments('keep\n# ------------------------ >8 ------------------------\nall of this goes'), 'keep');
  assert.equal(stripComments('; note\n# kept with another comment char', ';'), '# kept with another comment char');
  assert.equal(stripComments('# only comments\n#\n'), '', 'an empty message');
  assert.deepEqual(splitTitle('Title\n\nBody\nmore'), { title: 'Title', body: 'Body\nmore' });
  assert.deepEqual(splitTitle('Only a title'), { title: 'Only a title', body: '' });
});
