// views.js - the task list's saved views: "Lưu bộ lọc" keeps the filters
// shown under a name, for this account only (GET/POST/DELETE /api/views);
// each saved view reopens the list with its filters.

import { api, h, link, whyNot } from './lib.js';
import { field } from './form.js';

// The list's filters as a view keeps them: the query without its page.
function viewQuery(qs) {
  const p = new URLSearchParams(qs);
  p.delete('page'); p.delete('per_page'); p.delete('format');
  return p.toString();
}

export function savedViews(qs) {
  const box = h('section', { class: 'saved-views', 'aria-labelledby': 'saved-views-h' });
  const msg = h('div', { class: 'msg', 'aria-live': 'polite' });
  const list = h('ul', { id: 'saved-views' });
  const name = h('input', { name: 'view-name', maxlength: 100, placeholder: 'vd. Quá hạn của Sở Nội vụ', required: true });
  const here = viewQuery(qs);
  const draw = (views) => {
    list.replaceChildren(...views.map((v) => h('li', { 'data-view': v.id },
      link('/tasks' + (v.query ? '?' + v.query : ''), v.name), here === v.query ? h('span', { class: 'muted' }, ' (đang xem)') : null, ' ',
      h('button', { type: 'button', class: 'small', 'aria-label': 'Xóa bộ lọc ' + v.name, onclick: async () => {
        try { draw((await api('DELETE', '/api/views/' + v.id)).views); } catch (e) { msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, whyNot(e))); }
      } }, 'Xóa'))));
    if (!views.length) list.append(h('li', { class: 'muted' }, 'Chưa lưu bộ lọc nào.'));
  };
  const form = h('form', { class: 'save-view', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    if (!name.value.trim()) { name.focus(); msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Hãy đặt tên cho bộ lọc.')); return; }
    try {
      const r = await api('POST', '/api/views', { name: name.value.trim(), query: here });
      draw(r.views);
      msg.replaceChildren(h('p', { class: 'ok', role: 'status' }, `Đã lưu bộ lọc “${name.value.trim()}”.`));
      name.value = '';
    } catch (e) { msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, whyNot(e))); }
  } }, field('Tên bộ lọc', name), h('button', { type: 'submit', id: 'save-view' }, 'Lưu bộ lọc'));
  box.append(h('h2', { id: 'saved-views-h' }, 'Bộ lọc đã lưu'), list, form, msg);
  api('GET', '/api/views').then((r) => draw(r.views), () => list.replaceChildren());
  return box;
}
