// dit's page enhancements. Every page works without this script; it adds the Markdown preview, the
// branch selector that switches on change, and GitHub's keyboard shortcuts (c: new ticket, /: search;
// on a diff j/k: next/previous file, n: next comment).
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
      write.setAttribute('aria-selected', String(!previewing));
      preview.setAttribute('aria-selected', String(previewing));
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
  document.addEventListener('click', (e) => {
    for (const menu of document.querySelectorAll('details.picker-menu[open]')) if (!menu.contains(e.target)) menu.open = false;
  });

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === 'c') { e.preventDefault(); location.href = '/tickets/new'; }
    if (e.key === 'j' || e.key === 'k' || e.key === 'n') {
      // the first file (or thread) below the top of the window, or above it going back
      const items = [...document.querySelectorAll(e.key === 'n' ? '.line-thread' : '.diff-file')];
      if (!items.length) return;
      e.preventDefault();
      const tops = items.map((el) => el.getBoundingClientRect().top);
      const next = e.key === 'k' ? tops.findLastIndex((y) => y < -2) : tops.findIndex((y) => y > 2);
      const el = items[next < 0 ? (e.key === 'k' ? 0 : items.length - 1) : next];
      el.scrollIntoView({ block: 'start' });
    }
    if (e.key === '/') {
      e.preventDefault();
      const q = document.getElementById('query');
      if (q) { q.focus(); q.select(); } else location.href = '/';
    }
  });
})();
