// attach.js - reporting work done with its day, a note and a document, the
// documents on a task, and the progress bar.  The report is a dialog: the
// day (dd/mm/yyyy, today by default), the note, the file; a confirmation
// before it is sent; a refusal shown at the field it concerns.

import { api, h, num, session, vnDate } from './lib.js';
import { clearFieldError, dateInput, field, setFieldError } from './form.js';

// What the server keeps (docs/API.md): the types are judged by the bytes.
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp,application/pdf,image/png,image/jpeg,image/gif,image/webp';

// The latest percentage a progress report gave, as a bar; null when none.
export function progressBar(it) {
  if (it.percent === null || it.percent === undefined) return null;
  return h('span', { class: 'progress', 'data-percent': it.percent },
    h('progress', { max: 100, value: it.percent, 'aria-label': `Tiến độ ${it.percent}%` }),
    h('span', { class: 'pct', 'aria-hidden': 'true' }, it.percent + '%'));
}

export function size(n) {
  if (n < 1024) return num(n) + ' B';
  if (n < 1024 * 1024) return num(Math.round(n / 102.4) / 10) + ' KB';
  return num(Math.round(n / 104857.6) / 10) + ' MB';
}

// Whether the logged-in account may read the documents of item it: the
// office, and the unit whose work it is.
function mayRead(it) {
  const u = session.me && session.me.user;
  return !!u && (u.role === 'office' || (u.role === 'unit' && u.unit_id === it.unit_id));
}

// The documents attached to item it, as download links.
export function attachmentList(task, it) {
  const mine = (task.attachments || []).filter((a) => a.item === it.id);
  if (!mine.length || !mayRead(it)) return null;
  return h('ul', { class: 'attachments', 'aria-label': 'Tài liệu đính kèm' }, mine.map((a) => h('li', { 'data-attachment': a.id },
    h('a', { href: a.url || '/api/files/' + a.id, download: a.name }, a.name),
    h('span', { class: 'muted' }, ` (${size(a.size)}, ${a.by}, ${vnDate(a.at.slice(0, 10))})`))));
}

// Today as the server counts days (its --today, else Vietnam time), read
// once from the overview's figures.
let serverToday = null;
async function todayIso() {
  if (!serverToday) {
    try { serverToday = (await api('GET', '/api/summary?per_page=1')).today; } catch (e) { /* below */ }
    if (!serverToday) return new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10);
  }
  return serverToday;
}

// Sends the report as a form; resolves to the item, or throws {status, code, field, message}.
async function sendDone(task, it, date, note, file) {
  const fd = new FormData();
  fd.set('item', String(it.id));
  if (date) fd.set('date', date);
  if (note) fd.set('note', note);
  if (file) fd.set('file', file, file.name);
  const r = await fetch(`/api/tasks/${task.id}/done`, { method: 'POST', credentials: 'same-origin',
    headers: { 'X-CSRF-Token': session.me.csrf }, body: fd });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(new Error(j.error || ('Máy chủ trả lời lỗi ' + r.status)), { status: r.status, code: j.code, field: j.field });
  return j;
}

// The "Báo cáo hoàn thành" button and its dialog; done(text) runs after a saved report.
export function doneButton(task, it, label, done) {
  const btn = h('button', { type: 'button', 'data-action': 'done', onclick: async () => openDialog(await todayIso()) }, label);
  function openDialog(today) {
    const notice = task.notice_date || it.notice_date;
    const date = dateInput({ name: 'date', required: true }, today, () => +((notice || today).slice(0, 4)));
    const note = h('textarea', { name: 'note', rows: 3, maxlength: 2000 });
    const file = h('input', { type: 'file', name: 'file', accept: ACCEPT });
    const msg = h('div', { class: 'msg', 'aria-live': 'polite' });
    const ask = h('div', { class: 'ask' });
    const send = h('button', { type: 'submit', class: 'primary' }, 'Gửi báo cáo');
    const close = () => { dlg.close(); dlg.remove(); btn.focus(); };
    const fileField = field('Tài liệu kèm theo (không bắt buộc)', file, 'PDF, Word .docx, Excel .xlsx hoặc ảnh; tối đa 10 MB');
    const form = h('form', { method: 'dialog', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      msg.replaceChildren();
      clearFieldError(file);
      const d = date.read();
      if (d.error) { date.focus(); return; }
      if (!d.iso) { setFieldError(date, 'Hãy nhập ngày hoàn thành (ngày/tháng/năm).'); date.focus(); return; }
      // The day's rules (not in the future, not before the notice) are the
      // server's, worded by its message table and shown at this field.
      const f = file.files && file.files[0];
      if (f && f.size > MAX_BYTES) { setFieldError(file, 'Tệp đính kèm vượt quá giới hạn 10 MB.'); file.focus(); return; }
      // One confirmation before the report goes: it cannot be taken back by the unit.
      send.disabled = true;
      const yes = await confirmIn(ask, `Báo cáo hoàn thành ngày ${vnDate(d.iso)}` + (f ? `, kèm tệp “${f.name}”` : ', không kèm tài liệu') + '? Việc sẽ chờ Văn phòng xác nhận.');
      send.disabled = false;
      if (!yes) return;
      msg.replaceChildren(h('p', { class: 'muted' }, 'Đang gửi…'));
      try {
        await sendDone(task, it, d.iso, note.value.trim(), f);
        close();
        await done();
      } catch (e) {
        msg.replaceChildren();
        if (e.field === 'date') { setFieldError(date, e.message); date.focus(); }
        else if (e.status === 413 || e.status === 415) { setFieldError(file, e.message); file.focus(); }
        else msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Chưa lưu: ' + e.message.replace(/[.\s]+$/, '') + '.'));
      }
    } },
    h('h2', { id: 'done-title' }, 'Báo cáo hoàn thành'),
    h('p', { class: 'muted' }, it.unit + (it.deadline ? ' · hạn cuối ' + vnDate(it.deadline) : '')),
    field('Ngày hoàn thành', date, 'ngày/tháng/năm'),
    field('Ghi chú', note),
    fileField, ask, msg,
    h('div', { class: 'actions' }, send, h('button', { type: 'button', onclick: close }, 'Hủy')));
    const dlg = h('dialog', { class: 'done-dialog', 'aria-labelledby': 'done-title' }, form);
    dlg.addEventListener('cancel', () => { dlg.remove(); btn.focus(); });
    document.body.append(dlg);
    dlg.showModal();
    date.focus();
  }
  return btn;
}

// An in-dialog question with "Gửi" and "Quay lại"; resolves true or false.
function confirmIn(box, question) {
  return new Promise((resolve) => {
    const answer = (v) => { box.replaceChildren(); resolve(v); };
    const yes = h('button', { type: 'button', class: 'primary', id: 'done-confirm-yes', onclick: () => answer(true) }, 'Gửi');
    const no = h('button', { type: 'button', id: 'done-confirm-no', onclick: () => answer(false) }, 'Quay lại');
    box.replaceChildren(h('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'done-confirm-q' },
      h('p', { id: 'done-confirm-q' }, question), h('div', { class: 'actions' }, yes, no)));
    yes.focus();
  });
}
