// dit's page enhancements. Every page works without this script; it adds the Markdown preview, the
// branch selector that switches on change, filter boxes in pickers and menus, the theme switch, and
// GitHub's keyboard shortcuts (`?` lists them; on a diff j/k: next/previous file, n: next comment).
(() => {
  'use strict';
  const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
  document.documentElement.classList.add('js');

  // the full time on hover (the page sends only datetime=, as every comment and event has a time)
  for (const t of document.querySelectorAll('time[datetime]')) {
    const d = new Date(t.getAttribute('datetime'));
    if (!t.title && !Number.isNaN(d.getTime())) t.title = d.toUTCString();
  }

  const select = document.getElementById('branch-select');
  if (select) select.addEventListener('change', () => select.form.submit());

  for (const editor of document.querySelectorAll('.markdown-editor')) {
    const tabs = editor.querySelector('.js-editor-tabs');
    const area = editor.querySelector('textarea');
    const pane = editor.querySelector('.js-preview-pane');
    const write = editor.querySelector('.js-write');
    const preview = editor.querySelector('.js-preview');
    if (!tabs || !area || !pane || !write || !preview) continue;
    tabs.hidden = false;
    const show = (previewing) => {
      area.hidden = previewing;
      pane.hidden = !previewing;
      write.classList.toggle('selected', !previewing);
      preview.classList.toggle('selected', previewing);
      write.setAttribute('aria-pressed', String(!previewing));
      preview.setAttribute('aria-pressed', String(previewing));
    };
    write.addEventListener('click', () => { show(false); area.focus(); });
    preview.addEventListener('click', async () => {
      show(true);
      pane.textContent = 'Loading preview…';
      try {
        const branch = new URLSearchParams(location.search).get('branch');
        const base = document.querySelector('meta[name="dit-base"]')?.content ?? ''; // a hosting server mounts the repository under its path
        const res = await fetch(base + '/api/markdown' + (branch ? '?branch=' + encodeURIComponent(branch) : ''), {
          method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify({ text: area.value }),
        });
        const data = await res.json();
        if (!res.ok) throw new Error(data.error?.message ?? res.statusText);
        // the server sanitised this HTML with an allow-list; it is the same HTML the page would show
        pane.innerHTML = data.html || '<p class="color-fg-muted">Nothing to preview</p>';
      } catch (err) {
        pane.textContent = 'Preview failed: ' + err.message;
      }
    });
  }

  // the Markdown toolbar, as GitHub's: each button wraps the selection (or the line) in its syntax
  const TOOLS = [
    ['bold', 'B', 'Bold', { wrap: '**' }],
    ['italic', 'I', 'Italic', { wrap: '_' }],
    ['code', '<>', 'Code', { wrap: '`', block: '```' }],
    ['link', '🔗', 'Link', { link: true }],
    ['quote', '❝', 'Quote', { prefix: '> ' }],
    ['list', '•', 'Bulleted list', { prefix: '- ' }],
    ['tasks', '☑', 'Task list', { prefix: '- [ ] ' }],
  ];
  const LINK_ICON =
    'm7.775 3.275 1.25-1.25a3.5 3.5 0 1 1 4.95 4.95l-2.5 2.5a3.5 3.5 0 0 1-4.95 0 .751.751 0 0 1 .018-1.042.751.751 0 0 1 1.042-.018 1.998 1.998 0 0 0 2.83 0l2.5-2.5a2.002 2.002 0 0 0-2.83-2.83l-1.25 1.25a.751.751 0 0 1-1.042-.018.751.751 0 0 1-.018-1.042Zm-4.69 9.64a1.998 1.998 0 0 0 2.83 0l1.25-1.25a.751.751 0 0 1 1.042.018.751.751 0 0 1 .018 1.042l-1.25 1.25a3.5 3.5 0 1 1-4.95-4.95l2.5-2.5a3.5 3.5 0 0 1 4.95 0 .751.751 0 0 1-.018 1.042.751.751 0 0 1-1.042.018 1.998 1.998 0 0 0-2.83 0l-2.5 2.5a1.998 1.998 0 0 0 0 2.83Z';
  const markdownTool = (area, how) => {
    const { selectionStart: a, selectionEnd: b, value } = area;
    const sel = value.slice(a, b);
    let text;
    let from;
    let to;
    if (how.wrap) {
      const mark = how.block && sel.includes('\n') ? how.block : how.wrap;
      const nl = mark === how.block ? '\n' : '';
      // a selection already wrapped in the mark is unwrapped, as GitHub's toggle does
      const m = mark + nl;
      if (value.slice(a - m.length, a) === m && value.slice(b, b + m.length) === nl + mark) {
        area.setRangeText(sel, a - m.length, b + m.length);
        area.focus();
        area.setSelectionRange(a - m.length, b - m.length);
        area.dispatchEvent(new Event('input', { bubbles: true }));
        return;
      }
      if (sel.startsWith(mark + nl) && sel.endsWith(nl + mark) && sel.length >= 2 * (mark.length + nl.length)) {
        text = sel.slice(mark.length + nl.length, sel.length - mark.length - nl.length);
        from = a; to = a + text.length;
      } else {
        text = mark + nl + sel + nl + mark;
        from = a + mark.length + nl.length; to = from + sel.length;
      }
      area.setRangeText(text, a, b);
    } else if (how.link) {
      const isUrl = /^https?:\/\/\S+$/.test(sel);
      text = isUrl ? `[](${sel})` : `[${sel}](url)`;
      area.setRangeText(text, a, b);
      if (isUrl) { from = to = a + 1; } else { from = a + sel.length + 3; to = from + 3; }
    } else {
      // a line prefix applies to every line the selection touches
      const start = value.lastIndexOf('\n', a - 1) + 1;
      const endNl = value.indexOf('\n', b > a && value[b - 1] === '\n' ? b - 1 : b);
      const end = endNl < 0 ? value.length : endNl;
      const lines = value.slice(start, end).split('\n');
      const all = lines.every((l) => l.startsWith(how.prefix));
      text = lines.map((l) => (all ? l.slice(how.prefix.length) : how.prefix + l)).join('\n');
      area.setRangeText(text, start, end);
      from = start; to = start + text.length;
      if (a === b && lines.length === 1) from = to;
    }
    area.focus();
    area.setSelectionRange(from, to);
    area.dispatchEvent(new Event('input', { bubbles: true }));
  };
  for (const editor of document.querySelectorAll('.markdown-editor')) {
    const tabs = editor.querySelector('.js-editor-tabs');
    const area = editor.querySelector('textarea');
    if (!tabs || !area) continue;
    const bar = document.createElement('div');
    bar.className = 'markdown-toolbar ml-auto d-flex flex-items-center';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', 'Text formatting');
    for (const [name, glyph, label, how] of TOOLS) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn-octicon toolbar-item';
      b.dataset.md = name;
      b.setAttribute('aria-label', label);
      b.title = label;
      if (name === 'link') {
        // an octicon, as an emoji may have no glyph in the reader's fonts
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('class', 'octicon');
        svg.setAttribute('viewBox', '0 0 16 16');
        svg.setAttribute('width', '14');
        svg.setAttribute('height', '14');
        svg.setAttribute('aria-hidden', 'true');
        svg.setAttribute('fill', 'currentColor');
        const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        path.setAttribute('d', LINK_ICON);
        svg.append(path);
        b.append(svg);
      } else b.textContent = glyph;
      b.addEventListener('click', () => markdownTool(area, how));
      bar.append(b);
    }
    tabs.append(bar);
    area.addEventListener('keydown', (e) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const how = { b: TOOLS[0][3], i: TOOLS[1][3], e: TOOLS[2][3], k: TOOLS[3][3] }[e.key.toLowerCase()];
      if (!how) return;
      e.preventDefault();
      markdownTool(area, how);
    });
  }

  // `@` completes known people and `#` ticket titles in every Markdown box, from two small, bounded lookups
  const suggestBase = document.querySelector('meta[name="dit-base"]')?.content ?? '';
  const lookups = new Map();
  const lookup = (kind, q) => {
    const key = kind + '\0' + q;
    if (!lookups.has(key)) {
      const url = new URL(suggestBase + (kind === '@' ? '/api/people' : '/api/ticket-titles'), location.origin);
      url.searchParams.set('q', q);
      const branch = new URLSearchParams(location.search).get('branch');
      if (branch) url.searchParams.set('branch', branch);
      lookups.set(key, fetch(url, { headers: { Accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : {}))
        .then((d) => (kind === '@'
          ? (d.people ?? []).slice(0, 8).map((p) => ({ insert: '@' + handleOf(p), main: p.name || p.email, sub: p.name && p.email ? p.email : '' }))
          : (d.tickets ?? []).slice(0, 8).map((t) => ({ insert: '#' + t.short, main: t.title, sub: '#' + t.short + (t.open ? '' : ' · closed') }))))
        .catch(() => { lookups.delete(key); return []; }));
    }
    return lookups.get(key);
  };
  // what a mention can hold (markdown.ts): the email's local part, else the name without spaces
  const handleOf = (p) => {
    const local = (p.email ?? '').split('@')[0];
    return /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(local) ? local : (p.name ?? '').replace(/[^A-Za-z0-9._-]/g, '');
  };
  for (const area of document.querySelectorAll('.markdown-editor textarea')) {
    const list = document.createElement('ul');
    list.className = 'suggester Box color-shadow-large';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    area.after(list);
    area.setAttribute('aria-autocomplete', 'list');
    let items = [];
    let active = 0;
    let typed = null; // { at, kind, q }
    let seq = 0;
    const close = () => { list.hidden = true; items = []; typed = null; area.removeAttribute('aria-activedescendant'); };
    const mark = () => {
      for (const [i, li] of [...list.children].entries()) li.setAttribute('aria-selected', String(i === active));
    };
    const pick = (i) => {
      const it = items[i];
      if (!it || !typed) return;
      const end = area.selectionStart;
      area.setRangeText(it.insert + ' ', typed.at, end, 'end');
      close();
      area.focus();
      area.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const show = (found) => {
      items = found;
      list.replaceChildren();
      if (!found.length) { list.hidden = true; return; }
      for (const [i, it] of found.entries()) {
        const li = document.createElement('li');
        li.setAttribute('role', 'option');
        li.className = 'suggester-item';
        const main = document.createElement('span');
        main.className = 'suggester-main';
        main.textContent = it.main;
        li.append(main);
        if (it.sub) {
          const sub = document.createElement('span');
          sub.className = 'suggester-sub color-fg-muted';
          sub.textContent = it.sub;
          li.append(sub);
        }
        li.addEventListener('mousedown', (e) => { e.preventDefault(); pick(i); });
        list.append(li);
      }
      active = 0;
      mark();
      list.style.top = area.offsetTop + area.offsetHeight + 'px';
      list.hidden = false;
    };
    area.addEventListener('input', async () => {
      const upto = area.value.slice(0, area.selectionStart);
      const m = /(^|[\s(])([@#])([\w.\-]{0,40})$/.exec(upto);
      if (!m || area.selectionStart !== area.selectionEnd) { close(); return; }
      typed = { at: upto.length - m[3].length - 1, kind: m[2], q: m[3] };
      const mine = ++seq;
      const found = await lookup(m[2], m[3]);
      if (mine === seq && typed) show(found);
    });
    area.addEventListener('keydown', (e) => {
      if (list.hidden || !items.length) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        active = (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
        mark();
      } else if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(active);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    });
    area.addEventListener('blur', () => setTimeout(close, 100));
  }

  // pickers (labels, milestone, people): a filter box narrows the choices; the form still posts as without script
  for (const picker of document.querySelectorAll('.js-picker')) {
    const filter = picker.querySelector('.js-picker-filter');
    const items = [...picker.querySelectorAll('.picker-item')];
    const empty = picker.querySelector('.picker-empty');
    if (!filter) continue;
    filter.hidden = false;
    filter.addEventListener('input', () => {
      const q = filter.value.trim().toLowerCase();
      let shown = 0;
      for (const item of items) {
        const hit = !q || (item.dataset.filter ?? '').includes(q) || item.querySelector('input')?.checked;
        item.hidden = !hit;
        if (hit) shown++;
      }
      if (empty) empty.hidden = shown > 0;
    });
    filter.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      // Enter picks the first match, as GitHub's menus do; the form's Apply button submits it
      e.preventDefault();
      const first = items.find((i) => !i.hidden && !i.querySelector('input')?.checked) ?? items.find((i) => !i.hidden);
      const input = first?.querySelector('input');
      if (input) { input.checked = input.type === 'radio' ? true : !input.checked; }
    });
  }
  for (const menu of document.querySelectorAll('details.picker-menu')) {
    menu.addEventListener('toggle', () => {
      if (!menu.open) return;
      for (const other of document.querySelectorAll('details.picker-menu[open]')) if (other !== menu) other.open = false;
      menu.querySelector('.js-picker-filter')?.focus();
    });
  }
  // the list's filter menus: a filter box over their links; one menu open at a time
  for (const menu of document.querySelectorAll('details.filter-menu')) {
    const box = menu.querySelector('.js-menu-filter-box');
    const input = menu.querySelector('.js-menu-filter');
    const links = [...menu.querySelectorAll('.SelectMenu-item')];
    if (box && input) {
      box.hidden = false;
      input.addEventListener('input', () => {
        const q = input.value.trim().toLowerCase();
        for (const a of links) a.hidden = !!q && !(a.dataset.filter ?? '').includes(q);
      });
      input.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        links.find((a) => !a.hidden)?.click();
      });
    }
    menu.addEventListener('toggle', () => {
      if (!menu.open) return;
      for (const other of document.querySelectorAll('details.filter-menu[open]')) if (other !== menu) other.open = false;
      input?.focus();
    });
  }
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape') return;
    for (const menu of document.querySelectorAll('details.filter-menu[open], details.picker-menu[open]')) {
      menu.open = false;
      menu.querySelector('summary')?.focus();
    }
  });

  document.addEventListener('click', (e) => {
    for (const menu of document.querySelectorAll('details.picker-menu[open], details.filter-menu[open]'))
      if (!menu.contains(e.target)) menu.open = false;
  });

  // keyboard shortcuts, as GitHub's; `?` lists them
  const SHORTCUTS = [
    ['Everywhere', [['c', 'New ticket'], ['/', 'Search'], ['?', 'This help']]],
    ['Ticket list', [['j / k', 'Next / previous ticket'], ['o or Enter', 'Open the ticket']]],
    ['Files changed', [['j / k', 'Next / previous file'], ['n', 'Next comment thread']]],
    [
      'Ticket page',
      [['r', 'Quote reply (the selected text or the comment)'], ['l', 'Labels'], ['a', 'Responsible'], ['m', 'Milestone'], ['e', 'Edit the title and description']],
    ],
  ];
  const help = () => {
    let dialog = document.getElementById('shortcuts-dialog');
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.id = 'shortcuts-dialog';
      dialog.className = 'Box color-shadow-large p-0 shortcuts-dialog';
      dialog.setAttribute('aria-labelledby', 'shortcuts-title');
      const head = document.createElement('div');
      head.className = 'Box-header d-flex flex-items-center';
      const title = document.createElement('h2');
      title.id = 'shortcuts-title';
      title.className = 'Box-title flex-auto';
      title.textContent = 'Keyboard shortcuts';
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'btn-octicon';
      close.setAttribute('aria-label', 'Close');
      close.textContent = '×';
      close.addEventListener('click', () => dialog.close());
      head.append(title, close);
      const body = document.createElement('div');
      body.className = 'Box-body d-flex flex-wrap gap-2';
      for (const [group, keys] of SHORTCUTS) {
        const col = document.createElement('section');
        col.className = 'flex-auto';
        const h = document.createElement('h3');
        h.className = 'f5 mb-2';
        h.textContent = group;
        const list = document.createElement('dl');
        list.className = 'shortcut-list';
        for (const [key, what] of keys) {
          const dt = document.createElement('dt');
          for (const [i, k] of key.split(' ').entries()) {
            if (k === '/' && i > 0) { dt.append(' / '); continue; }
            if (k === 'or') { dt.append(' or '); continue; }
            const kbd = document.createElement('kbd');
            kbd.textContent = k;
            dt.append(kbd);
          }
          const dd = document.createElement('dd');
          dd.textContent = what;
          list.append(dt, dd);
        }
        col.append(h, list);
        body.append(col);
      }
      dialog.append(head, body);
      dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });
      document.body.append(dialog);
    }
    if (!dialog.open) dialog.showModal();
  };

  const rows = () => [...document.querySelectorAll('.ticket-row')];
  let current = -1;
  const focusRow = (i) => {
    const all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, i));
    for (const [k, r] of all.entries()) r.classList.toggle('navigation-focus', k === current);
    const link = all[current].querySelector('a.ticket-title');
    link?.focus({ preventScroll: true });
    all[current].scrollIntoView({ block: 'nearest' });
  };
  const openPicker = (id) => {
    const menu = document.getElementById(id);
    if (!menu) return false;
    menu.open = true;
    menu.scrollIntoView({ block: 'nearest' });
    menu.querySelector('.js-picker-filter')?.focus();
    return true;
  };
  // on a diff: the first file (or thread) below the top of the window, or above it going back
  const diffStep = (key) => {
    const items = [...document.querySelectorAll(key === 'n' ? '.line-thread' : '.diff-file')];
    if (!items.length) return false;
    const tops = items.map((el) => el.getBoundingClientRect().top);
    const next = key === 'k' ? tops.findLastIndex((y) => y < -2) : tops.findIndex((y) => y > 2);
    items[next < 0 ? (key === 'k' ? 0 : items.length - 1) : next].scrollIntoView({ block: 'start' });
    return true;
  };

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (document.querySelector('dialog[open]')) return;
    const base = document.querySelector('meta[name="dit-base"]')?.content ?? '';
    const act = {
      '?': () => { help(); return true; },
      c: () => { location.href = base + '/tickets/new'; return true; },
      '/': () => {
        const q = document.getElementById('query');
        if (q) { q.focus(); q.select(); } else location.href = base + '/';
        return true;
      },
      j: () => (rows().length ? (focusRow(current + 1), true) : diffStep('j')),
      k: () => (rows().length ? (focusRow(current - 1), true) : diffStep('k')),
      n: () => diffStep('n'),
      o: () => {
        const link = rows()[current]?.querySelector('a.ticket-title');
        if (link) location.href = link.href;
        return !!link;
      },
      Enter: () => {
        if (!(t instanceof HTMLElement) || !t.closest('.ticket-row')) {
          const link = rows()[current]?.querySelector('a.ticket-title');
          if (link) { location.href = link.href; return true; }
        }
        return false;
      },
      r: () => { const box = document.querySelector('.timeline .comment:hover') ?? [...document.querySelectorAll('.timeline .comment')].pop(); if (!box) return false; quoteFrom(box); return true; },
      l: () => openPicker('picker-labels'),
      a: () => openPicker('picker-responsible'),
      m: () => openPicker('picker-milestone'),
      e: () => {
        const edit = document.getElementById('edit-title');
        if (!edit) return false;
        edit.open = true;
        document.getElementById('title-input')?.focus();
        return true;
      },
    }[e.key];
    if (act && act()) e.preventDefault();
  });

  // comments: the "..." menu (quote reply, copy link, reactions, edit, delete), ticking tasks, dropping files
  const base = document.querySelector('meta[name="dit-base"]')?.content ?? '';
  const ticketPath = location.pathname.match(/^(.*\/tickets\/[0-9a-f]+)/)?.[1] ?? null;
  const api = async (path, body, raw) => {
    const url = new URL(base + '/api' + path, location.origin);
    const branch = new URLSearchParams(location.search).get('branch');
    if (branch) url.searchParams.set('branch', branch);
    const res = await fetch(url, {
      method: 'POST',
      headers: raw ? { 'Content-Type': raw, 'X-CSRF-Token': token } : { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
      body: raw ? body : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error?.message ?? res.statusText);
    return data;
  };
  const idOfTicket = ticketPath ? ticketPath.slice(ticketPath.lastIndexOf('/') + 1) : null;
  const REACTIONS = [['+1', '👍'], ['-1', '👎'], ['laugh', '😄'], ['hooray', '🎉'], ['confused', '😕'], ['heart', '❤️'], ['rocket', '🚀'], ['eyes', '👀']];
  const closeMenus = () => { for (const m of document.querySelectorAll('.comment-actions-menu')) m.remove(); };
  for (const link of document.querySelectorAll('a.comment-menu')) {
    link.addEventListener('click', (e) => {
      if (!idOfTicket) return;
      e.preventDefault();
      const open = link.closest('.comment').querySelector('.comment-actions-menu');
      closeMenus();
      if (open) return;
      const box = link.closest('.comment');
      const comment = box.dataset.comment || undefined;
      const menu = document.createElement('div');
      menu.className = 'comment-actions-menu Box color-shadow-large';
      menu.setAttribute('role', 'menu');
      const row = document.createElement('div');
      row.className = 'reaction-row';
      for (const [name, emoji] of REACTIONS) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = emoji;
        b.setAttribute('aria-label', 'React with ' + name);
        b.addEventListener('click', async () => {
          try { await api(`/tickets/${idOfTicket}/reactions`, { reaction: name, ...(comment ? { comment } : {}) }); location.reload(); }
          catch (err) { alert(err.message); }
        });
        row.append(b);
      }
      menu.append(row);
      const item = (label, fn, cls) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'SelectMenu-item' + (cls ? ' ' + cls : '');
        b.setAttribute('role', 'menuitem');
        b.textContent = label;
        b.addEventListener('click', () => { closeMenus(); fn(); });
        menu.append(b);
      };
      item('Quote reply', () => quoteFrom(box));
      item('Copy link', () => {
        const url = location.origin + location.pathname + location.search + '#' + box.id;
        navigator.clipboard?.writeText(url).catch(() => {});
        history.replaceState(null, '', '#' + box.id);
      });
      const edit = box.querySelector('a.comment-edit');
      if (edit) {
        item('Edit', () => { location.href = edit.href; });
        item('Delete', () => {
          if (!confirm('Delete this comment? Its text is hidden; the journal keeps that it was written.')) return;
          const f = document.createElement('form');
          f.method = 'post';
          f.action = edit.href.replace(/\/edit(\?|$)/, '/delete$1');
          for (const [k, v] of [['_csrf', token], ['back', location.pathname + location.search]]) {
            const i = document.createElement('input');
            i.type = 'hidden'; i.name = k; i.value = v; f.append(i);
          }
          document.body.append(f);
          f.submit();
        }, 'color-fg-danger');
      }
      box.append(menu);
      menu.querySelector('button')?.focus();
    });
  }
  document.addEventListener('click', (e) => { if (!e.target.closest?.('.comment-actions-menu, a.comment-menu')) closeMenus(); });
  function quoteFrom(box) {
    const area = document.querySelector('#comment-box textarea');
    if (!area) return;
    const sel = String(window.getSelection() ?? '').trim();
    const text = sel || box.querySelector('.comment-body')?.innerText.trim() || '';
    area.value = (area.value ? area.value.replace(/\s*$/, '\n\n') : '') + text.split('\n').map((l) => '> ' + l).join('\n') + '\n\n';
    area.focus();
    area.scrollIntoView({ block: 'center' });
  }

  // task lists: a tick is an entry of its own, written at once
  if (idOfTicket && document.querySelector('#reactions-form')) {
    for (const box of document.querySelectorAll('.timeline .comment')) {
      const comment = box.dataset.comment || undefined;
      if (box.id !== 'description' && !comment) continue;
      [...box.querySelectorAll('.comment-body .task-list-item > input[type="checkbox"], .comment-body .task-list-item > p > input[type="checkbox"]')].forEach((input, index) => {
        input.disabled = false;
        input.addEventListener('change', async () => {
          input.disabled = true;
          try { await api(`/tickets/${idOfTicket}/tasks`, { index, done: input.checked, ...(comment ? { comment } : {}) }); }
          catch (err) { input.checked = !input.checked; alert(err.message); }
          finally { input.disabled = false; }
        });
      });
    }
  }

  // drop a file on the comment box (or choose one): it is attached, and a link to it goes into the text
  const area = document.querySelector('#comment-box textarea');
  if (area && idOfTicket && document.getElementById('attach-form')) {
    const upload = async (file) => {
      const note = `<!-- uploading ${file.name}… -->`;
      area.value += (area.value && !area.value.endsWith('\n') ? '\n' : '') + note;
      try {
        const r = await api(`/tickets/${idOfTicket}/attachments?name=${encodeURIComponent(file.name)}`, file, file.type || 'application/octet-stream');
        area.value = area.value.replace(note, r.markdown);
      } catch (err) {
        area.value = area.value.replace(note, '');
        alert(err.message);
      }
    };
    area.addEventListener('dragover', (e) => { if (e.dataTransfer?.types.includes('Files')) { e.preventDefault(); area.classList.add('comment-box-drop'); } });
    area.addEventListener('dragleave', () => area.classList.remove('comment-box-drop'));
    area.addEventListener('drop', (e) => {
      area.classList.remove('comment-box-drop');
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      for (const file of e.dataTransfer.files) upload(file);
    });
    area.addEventListener('paste', (e) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      for (const file of files) upload(file);
    });
  }

  // the theme switch: applied at once, remembered by the server (a cookie) so pages arrive in it
  for (const form of document.querySelectorAll('.js-theme-form')) {
    form.querySelector('.js-theme-save')?.setAttribute('hidden', '');
    for (const radio of form.querySelectorAll('input[name="theme"]')) {
      radio.addEventListener('change', () => {
        document.documentElement.setAttribute('data-color-mode', radio.value);
        fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)), headers: { 'X-CSRF-Token': token } });
      });
    }
  }
})();
