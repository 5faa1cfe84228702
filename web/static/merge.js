// merge.js - on the units page (office): merging a unit met in notices into
// a directory unit (its work, history and queued mail move; its name becomes
// a learned alias), and the learned aliases with any conflict with the units
// file (the file wins; the conflict is shown so the office can act).

import { api, errorBox, h, session } from './lib.js';
import { confirmStep, field, okBox } from './form.js';

export function mergeBox(units, reload) {
  if (!session.me || session.me.user.role !== 'office') return null;
  // Only a name met in notices, or a unit the office added, merges away:
  // the units file owns its units.
  const outside = units.filter((u) => !u.is_group && (!u.in_directory || u.added_by)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const head = [h('h2', {}, 'Gộp đơn vị trùng tên'),
    h('p', { class: 'muted' }, 'Một tên ghi sai hoặc viết khác trong văn bản (ngoài danh mục) được gộp vào đơn vị đúng: công việc, lịch sử và thư chờ gửi chuyển theo, tên cũ được ghi nhớ là tên khác của đơn vị.')];
  if (!outside.length) return h('section', { id: 'merge-units' }, head, h('p', {}, 'Không có đơn vị nào ngoài danh mục để gộp.'));
  const from = h('select', { name: 'from', id: 'merge-from' }, outside.map((u) => h('option', { value: u.id }, u.name)));
  const into = h('select', { name: 'into', id: 'merge-into' },
    h('option', { value: '' }, '— chọn đơn vị —'),
    units.filter((u) => !u.is_group && u.in_directory).map((u) => h('option', { value: u.id }, u.name)));
  const msg = h('div', { 'aria-live': 'polite', id: 'merge-msg' });
  const ask = h('div');
  const name = (sel) => sel.selectedOptions[0].textContent;
  const form = h('form', { id: 'merge-form', class: 'actions', onsubmit: async (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    if (!into.value) { msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Hãy chọn đơn vị giữ lại.')); into.focus(); return; }
    const u = outside.find((x) => String(x.id) === from.value);
    const a = name(from), b = name(into);
    if (!(await confirmStep(ask, `Gộp “${a}” vào “${b}”? ${u ? u.open_assignments : 0} việc đang giao, lịch sử và thư chờ gửi ` +
      `sẽ chuyển sang “${b}”; “${a}” trở thành tên khác của đơn vị này.`))) return;
    try {
      const r = await api('POST', '/api/units/merge', { from: +from.value, into: +into.value });
      await reload();
      const out = document.getElementById('merge-msg');
      if (out) out.replaceChildren(okBox(`Đã gộp “${a}” vào “${b}”: chuyển ${r.moved || 0} việc.`));
    } catch (e) { msg.replaceChildren(errorBox(e)); }
  } }, field('Gộp đơn vị (ngoài danh mục)', from), field('vào đơn vị', into), h('button', { type: 'submit', id: 'merge-submit' }, 'Gộp'));
  return h('section', { id: 'merge-units' }, head, form, ask, msg);
}

// Learned aliases (added from the import page or by a merge), with who
// and when, and the aliases the units file gives to another unit: there the
// file wins, and the office sees the conflict to settle it.
export function learnedBox() {
  const box = h('section', { id: 'learned-aliases' });
  const when = (at) => (at ? at.slice(8, 10) + '/' + at.slice(5, 7) + '/' + at.slice(0, 4) : '');
  api('GET', '/api/units/aliases').then((r) => {
    const rows = (r.aliases || []).map((a) => h('tr', {}, h('td', {}, a.alias), h('td', {}, a.unit),
      h('td', {}, [a.added_by, when(a.added_at)].filter(Boolean).join(', '))));
    const conflicts = (r.conflicts || []).map((c) => h('li', {},
      `“${c.alias}”: đã ghi nhớ là ${c.unit}, nhưng danh mục đơn vị ghi là ${c.file_unit} (theo danh mục).`));
    if (!rows.length && !conflicts.length) return;
    box.replaceChildren(h('h2', {}, 'Tên khác đã ghi nhớ'),
      ...(conflicts.length ? [h('div', { class: 'error', id: 'alias-conflicts' }, h('p', {}, 'Tên khác mâu thuẫn với danh mục đơn vị:'), h('ul', {}, conflicts))] : []),
      ...(rows.length ? [h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Tên trong văn bản'), h('th', {}, 'Đơn vị'),
        h('th', {}, 'Người thêm, ngày'))), h('tbody', {}, rows)))] : []));
  }).catch(() => { /* a unit account may not read them; the page stands without */ });
  return box;
}
