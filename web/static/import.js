// import.js - importing a notice: upload, preview, corrections, commit.

import { api, errorBox, h, link, session, show, vnDate } from './lib.js';
import { unitOptions } from './tasks.js';

// ---- Import -----------------------------------------------------------------------
export function viewImport() {
  if (session.me.user.role !== 'office') { show(h('p', { class: 'error' }, 'Chỉ Văn phòng được nhập văn bản.')); return; }
  const msg = h('div', { 'aria-live': 'polite' });
  const out = h('div', { id: 'preview' });
  const text = h('textarea', { name: 'text', id: 'import-text', 'aria-label': 'Nội dung văn bản' });
  const file = h('input', { type: 'file', name: 'file', id: 'import-file', accept: '.txt,.md,.docx,.pdf,text/plain' });
  const form = h('form', { onsubmit: async (ev) => {
    ev.preventDefault();
    msg.replaceChildren(); out.replaceChildren();
    try {
      const f = file.files[0];
      const r = f ? await api('POST', '/api/notices', undefined, { data: f, name: f.name })
        : await api('POST', '/api/notices', { text: text.value, name: 'dán từ bảng điều khiển' });
      drawPreview(r, out);
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } },
  h('label', {}, 'Dán nội dung văn bản', text),
  h('p', {}, h('label', {}, 'hoặc chọn tệp', file)),
  h('button', { class: 'primary', type: 'submit' }, 'Phân tích'));
  show(h('h1', {}, 'Nhập văn bản'), form, msg, out);
}

export async function drawPreview(r, out) {
  const units = await unitOptions();
  const dl = h('datalist', { id: 'unit-names' }, units.map((u) => h('option', { value: u.name })));
  const n = r.notice || {};
  const rows = r.tasks.map((t) => {
    const owners = h('input', { name: 'owners', value: (t.owners || []).join('; '), 'aria-label': 'Đơn vị chủ trì', list: 'unit-names' });
    const co = h('input', { name: 'co_owners', value: (t.co_owners || []).join('; '), 'aria-label': 'Đơn vị phối hợp' });
    const due = h('input', { type: 'date', name: 'due', value: t.due || '', 'aria-label': 'Thời hạn' });
    const kind = h('select', { name: 'due_kind', 'aria-label': 'Loại thời hạn' },
      [['by', 'chậm nhất ngày'], ['before', 'trước ngày'], ['within', 'trong thời hạn']].map(([v, l]) => h('option', { value: v, selected: t.due_kind === v }, l)));
    const drop = h('input', { type: 'checkbox', name: 'drop' });
    const box = h('div', { class: 'preview-task', 'data-index': t.index },
      h('p', {}, h('strong', {}, t.ref + '. '), t.text),
      t.due_kind === 'relative' ? h('p', { class: 'hint' }, 'Thời hạn tính từ ngày nhận văn bản: hãy nhập ngày cụ thể.') : null,
      h('div', { class: 'grid' }, h('label', {}, 'Chủ trì (cách nhau bởi ;)', owners), h('label', {}, 'Phối hợp', co),
        h('label', {}, 'Thời hạn', due), h('label', {}, 'Loại', kind), h('label', {}, 'Bỏ nhiệm vụ này', drop)));
    box.fix = () => {
      const f = { index: t.index };
      if (drop.checked) { f.drop = true; return f; }
      const split = (v) => v.split(';').map((x) => x.trim()).filter(Boolean);
      f.owners = split(owners.value); f.co_owners = split(co.value);
      f.due = due.value || null; if (due.value) f.due_kind = kind.value;
      return f;
    };
    return box;
  });
  const msg = h('div', { 'aria-live': 'polite' });
  const save = h('button', { class: 'primary', type: 'button', id: 'save-notice', onclick: async () => {
    try {
      const res = await api('POST', `/api/notices/${r.id}/commit`, { tasks: rows.map((b) => b.fix()) });
      msg.replaceChildren(h('p', { class: 'ok' }, 'Đã lưu văn bản. ', link('/notices/' + res.notice_id, 'Xem văn bản')));
      save.disabled = true;
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } }, 'Lưu văn bản');
  out.replaceChildren(dl, h('h2', {}, 'Kết quả phân tích'),
    h('p', {}, [n.type, n.number ? 'số ' + n.number : null, n.date ? 'ngày ' + vnDate(n.date) : null].filter(Boolean).join(' '), n.title ? ' — ' + n.title : ''),
    h('p', {}, r.tasks.length + ' nhiệm vụ. Kiểm tra, sửa đơn vị và thời hạn rồi lưu.'), ...rows, save, msg);
}
