// inbox.js - the office's inbox ("Hộp việc"): work reported done, extension
// requests and work returned to units, each a list the office decides in
// place, one item or many at once; the count in the navigation; the dialog
// that asks for the office's note; and the bulk selection the task list
// and a unit's page share.

import { ACTIONS, api, h, num, session, setTitle, show, vnDate, whyNot } from './lib.js';
import { dateInput, field } from './form.js';
import { itemRows } from './tasks.js';

const KINDS = { confirm: 'Chờ xác nhận hoàn thành', extension: 'Đề nghị gia hạn', returned: 'Việc đã trả lại, đơn vị chưa báo cáo lại' };
const SHORT = { confirm: 'chờ xác nhận', extension: 'xin gia hạn', returned: 'đã trả lại' };
// What each decision asks: whether the note is needed (the unit must learn
// why its work came back or its request was refused) and whether a day.
const ASKS = {
  confirm: { note: false }, approve: { note: false }, reopen: { note: true }, refuse: { note: true },
  grant: { note: true, date: 'Hạn mới' }, close: { note: false, date: 'Ngày hoàn thành' },
};
const DONE = { confirm: 'Đã xác nhận hoàn thành', reopen: 'Đã trả lại', approve: 'Đã duyệt gia hạn', refuse: 'Đã từ chối gia hạn',
  grant: 'Đã gia hạn', close: 'Đã đóng' };

// ---- The navigation's count --------------------------------------------------------
export async function refreshInboxCount() {
  const a = document.getElementById('nav-inbox');
  if (!a) return;
  a.hidden = !session.me;
  if (!session.me) return;
  let r;
  try { r = await api('GET', '/api/inbox'); } catch (e) { return; }
  // Each count is said with what it counts (the words are for screen readers).
  const c = r.counts;
  a.replaceChildren('Hộp việc', ...Object.keys(SHORT).filter((k) => c[k]).map((k) =>
    h('span', { class: 'nav-count', 'data-kind': k, 'data-n': c[k], title: KINDS[k] }, num(c[k]), h('span', { class: 'sr-only' }, ' ' + SHORT[k]))));
}

// ---- The dialog that asks for the office's note -----------------------------------------
// Resolves {note, date} when the office confirms, null when it cancels.
export function askDecision(action, question, baseYear) {
  const ask = ASKS[action] || {};
  return new Promise((resolve) => {
    const note = h('textarea', { name: 'note', rows: 3, required: !!ask.note, id: 'decision-note' });
    const date = ask.date ? dateInput({ name: 'date', required: action === 'grant', id: 'decision-date' },
      null, baseYear ? () => baseYear : null) : null;
    const err = h('p', { class: 'error', role: 'alert', hidden: true });
    const dlg = h('dialog', { class: 'decision', 'aria-labelledby': 'decision-q' });
    const form = h('form', { method: 'dialog', novalidate: true, onsubmit: (ev) => {
      ev.preventDefault();
      let iso = null;
      if (date) {
        const r = date.read();
        if (r.error || (action === 'grant' && !r.iso)) { date.focus(); err.hidden = false; err.textContent = r.error || 'Hãy nhập hạn mới (ngày/tháng/năm).'; return; }
        iso = r.iso;
      }
      if (ask.note && !note.value.trim()) { note.focus(); err.hidden = false; err.textContent = 'Hãy ghi ý kiến để đơn vị biết lý do.'; return; }
      dlg.close();
      resolve({ note: note.value.trim() || undefined, date: iso || undefined });
    } },
    h('h2', { id: 'decision-q' }, question),
    date ? field(ask.date, date, action === 'close' ? 'Để trống: hôm nay' : null) : null,
    field(ask.note ? 'Ý kiến của Văn phòng (bắt buộc, đơn vị sẽ nhận được)' : 'Ý kiến của Văn phòng (không bắt buộc)', note),
    err,
    h('div', { class: 'actions' },
      h('button', { class: 'primary', type: 'submit', id: 'decision-ok' }, ACTIONS[action] || 'Đồng ý'),
      h('button', { type: 'button', id: 'decision-cancel', onclick: () => { dlg.close(); resolve(null); } }, 'Hủy')));
    dlg.append(form);
    dlg.addEventListener('cancel', () => resolve(null));
    dlg.addEventListener('close', () => dlg.remove());
    document.body.append(dlg);
    dlg.showModal();
    (date || note).focus();
  });
}

// One decision on one item, from the inbox or the task page; done() draws
// the page again once it is saved.
export async function decideOne(it, action, msg, done) {
  const q = `${ACTIONS[action]}: ${it.unit}${it.ref ? ', mục ' + it.ref : ''}?`;
  const d = await askDecision(action, q, it.notice_date ? +it.notice_date.slice(0, 4) : null);
  if (!d) return false;
  msg.replaceChildren(h('p', { class: 'muted' }, 'Đang lưu…'));
  try {
    await api('POST', `/api/tasks/${it.task_id}/${action}`, Object.assign({ item: it.id }, d));
    await done();
    return true;
  } catch (e) { msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, whyNot(e))); return false; }
}

// ---- Bulk selection -------------------------------------------------------------------
// The outcome of the last batch, shown by the next drawing of the page.
let flash = null;

// Adds a checkbox to every row of `table` that carries data-item (and a
// "select all on the page" box to its head), and returns the bar whose
// buttons apply one action to the rows checked: one dialog naming how many,
// then one request, all or nothing.  Office accounts only (null otherwise).
export function bulkTools(table, reload, actions) {
  if (!session.me || session.me.user.role !== 'office') return null;
  actions = actions || ['confirm', 'reopen', 'close'];
  const boxes = [];
  const all = h('input', { type: 'checkbox', id: 'select-all-' + (table.id || 'list'), 'aria-label': 'Chọn tất cả việc trên trang này',
    onchange: () => { for (const b of boxes) b.checked = all.checked; update(); } });
  const headRow = table.querySelector('thead tr');
  if (headRow) headRow.prepend(h('th', { scope: 'col', class: 'pick' }, all));
  for (const tr of table.querySelectorAll('tbody tr')) {
    if (!tr.dataset.item) { const th = tr.querySelector('th[colspan]'); if (th) th.colSpan += 1; continue; }
    const b = h('input', { type: 'checkbox', value: tr.dataset.item, 'aria-label': 'Chọn việc số ' + tr.dataset.item, onchange: () => update() });
    boxes.push(b);
    tr.prepend(h('td', { class: 'pick' }, b));
  }
  const count = h('span', { class: 'bulk-count', 'aria-live': 'polite' }, 'Chưa chọn việc nào');
  const msg = h('div', { class: 'msg', 'aria-live': 'polite' });
  if (flash) { msg.append(h('p', { class: 'ok', role: 'status' }, flash)); flash = null; }
  const buttons = actions.map((a) => h('button', { type: 'button', 'data-bulk': a, disabled: true, onclick: () => run(a) }, ACTIONS[a]));
  function picked() { return boxes.filter((b) => b.checked).map((b) => +b.value); }
  function update() {
    const n = picked().length;
    count.textContent = n ? `Đã chọn ${num(n)} việc` : 'Chưa chọn việc nào';
    all.checked = n > 0 && n === boxes.length;
    all.indeterminate = n > 0 && n < boxes.length;
    for (const b of buttons) b.disabled = !n;
  }
  async function run(action) {
    const ids = picked();
    if (!ids.length) return;
    const d = await askDecision(action, `${ACTIONS[action]} ${num(ids.length)} việc đã chọn?`);
    if (!d) return;
    msg.replaceChildren(h('p', { class: 'muted' }, 'Đang lưu…'));
    try {
      const r = await api('POST', '/api/items/bulk', Object.assign({ action, items: ids }, d));
      flash = `${DONE[action]} ${num(r.count)} việc.`;
      await reload();
    } catch (e) { msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, whyNot(e))); }
  }
  if (!boxes.length) return msg.childNodes.length ? msg : null;
  return h('div', { class: 'bulk', role: 'group', 'aria-label': 'Xử lý nhiều việc cùng lúc' }, count, h('div', { class: 'actions' }, buttons), msg);
}

// ---- The inbox page ----------------------------------------------------------------------
function detail(kind, it) {
  if (kind === 'confirm') return [it.reported_on ? 'Báo cáo hoàn thành ngày ' + vnDate(it.reported_on) : 'Đã báo cáo hoàn thành'];
  if (kind === 'extension') return ['Xin gia hạn đến ' + vnDate(it.requested_to), it.request_reason ? h('div', { class: 'reason' }, 'Lý do: ' + it.request_reason) : null];
  return [it.decision && it.decision.note ? 'Ý kiến khi trả lại: ' + it.decision.note : 'Đã trả lại'];
}

const ROW_ACTIONS = { confirm: ['confirm', 'reopen'], extension: ['approve', 'refuse', 'grant'], returned: ['grant'] };
const BULK_ACTIONS = { confirm: ['confirm', 'reopen'], extension: ['approve', 'refuse'], returned: ['close'] };

export async function viewInbox() {
  const r = await api('GET', '/api/inbox');
  const said = flash;
  flash = null;
  const office = session.me.user.role === 'office';
  const reload = () => viewInbox();
  setTitle('Hộp việc');
  const sections = Object.keys(KINDS).map((kind) => {
    const items = r[kind];
    const rows = itemRows(items, true);
    rows.forEach((tr, i) => {
      const it = items[i], msg = h('div', { class: 'msg', 'aria-live': 'polite' });
      tr.append(h('td', { 'data-label': 'Đề nghị, báo cáo' }, detail(kind, it)));
      if (office) tr.append(h('td', { 'data-label': 'Thao tác' }, h('div', { class: 'actions' }, ROW_ACTIONS[kind].map((a) =>
        h('button', { type: 'button', 'data-action': a, onclick: () => decideOne(it, a, msg, () => { flash = DONE[a] + '.'; return reload(); }) }, ACTIONS[a]))), msg));
    });
    const table = h('table', { id: 'inbox-' + kind + '-table', class: 'stack-sm' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Nội dung'), h('th', { scope: 'col' }, 'Đơn vị chủ trì'), h('th', { scope: 'col' }, 'Thời hạn'),
        h('th', { scope: 'col' }, 'Tình trạng'), h('th', { scope: 'col' }, 'Đề nghị, báo cáo'), office ? h('th', { scope: 'col' }, 'Thao tác') : null)),
      h('tbody', {}, rows));
    return h('section', { id: 'inbox-' + kind },
      h('h2', {}, KINDS[kind], ' ', h('span', { class: 'count', 'data-n': r.counts[kind] }, '(' + num(r.counts[kind]) + ')')),
      r.counts[kind] > items.length ? h('p', { class: 'muted', id: 'inbox-' + kind + '-more' },
        `Đang hiện ${num(items.length)} việc cũ nhất trong ${num(r.counts[kind])} việc; xử lý xong sẽ hiện tiếp các việc còn lại.`) : null,
      items.length ? [bulkTools(table, reload, BULK_ACTIONS[kind]), table] : h('p', { class: 'muted' }, 'Không có việc nào.'));
  });
  show(h('h1', {}, 'Hộp việc'), said ? h('p', { class: 'ok', role: 'status', id: 'inbox-flash' }, said) : null,
    h('p', { class: 'lead', id: 'inbox-total' }, office ? `${num(r.counts.total)} việc chờ Văn phòng xử lý.` : `${num(r.counts.total)} việc của đơn vị đang chờ.`),
    sections);
  refreshInboxCount();
}
