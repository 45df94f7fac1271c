// dit's page enhancements. Every page works without this script; it adds the Markdown preview, the
// branch selector that switches on change, and GitHub's keyboard shortcuts (c: new ticket, /: search).
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

  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === 'c') { e.preventDefault(); location.href = '/tickets/new'; }
    if (e.key === '/') {
      e.preventDefault();
      const q = document.getElementById('query');
      if (q) { q.focus(); q.select(); } else location.href = '/';
    }
  });
})();
