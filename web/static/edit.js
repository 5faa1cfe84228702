// edit.js - correcting what is already saved (office accounts): a task's
// text, owners, supporting units, deadline, binding kind and recurrence, and
// a notice's metadata.  Each form sends only the fields that changed, with
// the `version` it read: 409 means someone saved first (reload and redo),
// 422 names the bad field, which is marked where it is typed.

import { api, errorBox, h, session } from './lib.js';
import { clearFieldError, dateInput, field, okBox, recurrencePicker, setFieldError, splitNames } from './form.js';
import { KINDS } from './explain.js';

// A message for the next drawing of the page: the form is redrawn from the
// saved state, and "Đã lưu" belongs beside it.
let flash = null;

function sameList(a, b) { return a.length === b.length && a.every((x, i) => x === b[i]); }

// 409 and 422 the same way for both forms.
function failed(e, msg, inputs, reload) {
  if (e.status === 409) {
    msg.replaceChildren(h('div', { class: 'error', role: 'alert' },
      h('p', {}, e.message || 'Có người vừa sửa mục này trước bạn.'),
      h('p', {}, 'Tải lại để xem bản mới nhất rồi sửa lại. ',
        h('button', { type: 'button', id: 'reload-after-conflict', onclick: () => reload() }, 'Tải lại'))));
    return;
  }
  const key = e.field ? e.field.replace(/^(task|notice)\./, '').replace(/\[.*$/, '') : null;
  const el = key && inputs[key];
  if (el) {
    setFieldError(el, e.message);
    el.focus();
    el.addEventListener('input', () => clearFieldError(el), { once: true });
  }
  msg.replaceChildren(errorBox(e));
}

// A PATCH that changes nothing answers with the version it was sent.
function saved(res, sentVersion, msg, reload) {
  const v = res && (res.notice ? res.notice.edit_version : res.version);
  if (v !== undefined && v === sentVersion) {
    msg.replaceChildren(okBox('Không có thay đổi.'));
    return;
  }
  flash = 'Đã lưu.';
  reload();
}

function flashBox() {
  const box = h('div', { 'aria-live': 'polite', class: 'edit-msg' });
  if (flash) { box.append(okBox(flash)); flash = null; }
  return box;
}

// ---- a task ---------------------------------------------------------------------
export function taskEditor(t, reload) {
  if (!session.me || session.me.user.role !== 'office') return null;
  const msg = flashBox();
  const baseYear = () => +((t.notice_date || t.due || new Date().toISOString()).slice(0, 4));
  const text = h('textarea', { name: 'text', id: 'edit-text', rows: 4 }, t.text || '');
  const owners = h('input', { name: 'owners', id: 'edit-owners', value: (t.owners || []).join('; '), list: 'edit-unit-names', size: 40 });
  const co = h('input', { name: 'co_owners', id: 'edit-co', value: (t.co_owners || []).join('; '), size: 40 });
  const due = dateInput({ name: 'due', id: 'edit-due' }, t.due, baseYear);
  const kind = h('select', { name: 'due_kind', id: 'edit-kind' },
    KINDS.map(([v, l]) => h('option', { value: v, selected: (t.due_kind || 'by') === v }, l)));
  const rp = recurrencePicker(t.recurrence || null, kind, 'edit');
  const { freq, day, words: recText } = rp;
  const note = h('input', { name: 'note', id: 'edit-note', size: 40 });
  const inputs = { text, owners, co_owners: co, due, due_kind: kind, recurrence: freq, note };
  const dl = h('datalist', { id: 'edit-unit-names' });
  api('GET', '/api/units').then((u) => dl.replaceChildren(...u.units.filter((x) => !x.is_group && x.in_directory).map((x) => h('option', { value: x.name })))).catch(() => {});

  const form = h('form', { id: 'task-edit', class: 'edit-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    const d = due.read();
    if (d.error) { due.focus(); msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Chưa lưu: ' + d.error)); return; }
    const body = {};
    if (text.value.trim() !== (t.text || '').trim()) body.text = text.value.trim();
    const o = splitNames(owners.value), c = splitNames(co.value);
    if (!sameList(o, t.owners || [])) body.owners = o;
    if (!sameList(c, t.co_owners || [])) body.co_owners = c;
    if ((d.iso || null) !== (t.due || null)) body.due = d.iso || null;
    if (d.iso && kind.value !== (t.due_kind || 'by')) body.due_kind = kind.value;
    else if (body.due) body.due_kind = kind.value;
    if (rp.changed()) body.recurrence = rp.value();
    if (!Object.keys(body).length) { msg.replaceChildren(okBox('Không có thay đổi.')); return; }
    if (note.value.trim()) body.note = note.value.trim();
    body.version = t.version;
    try { saved(await api('PATCH', '/api/tasks/' + t.id, body), t.version, msg, reload); } catch (e) { failed(e, msg, inputs, reload); }
  } },
  dl,
  field('Nội dung nhiệm vụ', text),
  h('div', { class: 'grid' },
    field('Chủ trì (cách nhau bởi ;)', owners), field('Phối hợp (cách nhau bởi ;)', co),
    field('Thời hạn (ngày/tháng/năm, để trống nếu không có)', due), field('Loại thời hạn', kind),
    field('Lặp lại', freq), field('Ngày lặp (ngày trong tháng, hoặc MO…SU)', day)),
  h('p', {}, recText),
  field('Lý do sửa (ghi vào lịch sử)', note),
  h('p', {}, h('button', { type: 'submit', class: 'primary', id: 'task-edit-save' }, 'Lưu sửa đổi')));
  const det = h('details', { id: 'task-edit-box', open: msg.childNodes.length ? true : null },
    h('summary', {}, 'Sửa nhiệm vụ'), form);
  return h('section', {}, det, msg);
}

// ---- a notice ---------------------------------------------------------------------
export function noticeEditor(n, reload) {
  if (!session.me || session.me.user.role !== 'office') return null;
  const msg = flashBox();
  const fields = [['number', 'Số văn bản'], ['type', 'Loại văn bản'], ['title', 'Trích yếu'], ['signer', 'Người ký']];
  const inputs = {};
  for (const [k] of fields) inputs[k] = h('input', { name: k, id: 'notice-edit-' + k, value: n[k] || '', size: k === 'title' ? 60 : 24 });
  inputs.date = dateInput({ name: 'date', id: 'notice-edit-date' }, n.date, null);
  inputs.note = h('input', { name: 'note', id: 'notice-edit-note', size: 40 });
  const form = h('form', { id: 'notice-edit', class: 'edit-form', novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    msg.replaceChildren();
    const d = inputs.date.read();
    if (d.error) { inputs.date.focus(); msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Chưa lưu: ' + d.error)); return; }
    const body = {};
    for (const [k] of fields) if (inputs[k].value.trim() !== (n[k] || '')) body[k] = inputs[k].value.trim() || null;
    if ((d.iso || null) !== (n.date || null)) body.date = d.iso || null;
    if (!Object.keys(body).length) { msg.replaceChildren(okBox('Không có thay đổi.')); return; }
    if (inputs.note.value.trim()) body.note = inputs.note.value.trim();
    // A notice's `version` counts the texts imported; edits check edit_version.
    body.version = n.edit_version;
    try { saved(await api('PATCH', '/api/notices/' + n.id, body), n.edit_version, msg, reload); } catch (e) { failed(e, msg, inputs, reload); }
  } },
  h('div', { class: 'grid' }, fields.map(([k, l]) => field(l, inputs[k])), field('Ngày văn bản (ngày/tháng/năm)', inputs.date)),
  field('Lý do sửa', inputs.note),
  h('p', {}, h('button', { type: 'submit', class: 'primary', id: 'notice-edit-save' }, 'Lưu sửa đổi')));
  return h('section', {}, h('details', { id: 'notice-edit-box', open: msg.childNodes.length ? true : null },
    h('summary', {}, 'Sửa thông tin văn bản'), form), msg);
}
