// tasks.js - the task list with its filters, and one task with its actions.

import { ACTIONS, FLAGS, FREQ, STATUS, STATUS_ORDER, api, badge, errorBox, go, h, link, num, periodName, session, setTitle, show, vnDate, whyNot } from './lib.js';
import { taskEditor } from './edit.js';
import { dateInput, field } from './form.js';
import { recurrenceWords } from './explain.js';
import { bulkTools, decideOne } from './inbox.js';

// The office's latest decision on an item, with its note: what the unit reads.
const DECIDED = { confirmed: 'Văn phòng xác nhận hoàn thành', reopened: 'Văn phòng trả lại', extension_approved: 'Văn phòng duyệt gia hạn',
  extension_refused: 'Văn phòng từ chối gia hạn', extension_granted: 'Văn phòng gia hạn', closed: 'Văn phòng đóng việc' };
export function decisionNote(it) {
  const d = it.decision;
  if (!d || !d.note) return null;
  return h('div', { class: 'decision-note' }, h('strong', {}, (DECIDED[d.kind] || 'Ý kiến Văn phòng') + (d.at ? ' ngày ' + vnDate(d.at.slice(0, 10)) : '') + ': '), d.note);
}
import { attachmentList, doneButton, progressBar } from './attach.js';
import { savedViews } from './views.js';

// ---- Task list ----------------------------------------------------------------
export async function unitOptions() {
  const u = await api('GET', '/api/units');
  return u.units.filter((x) => !x.is_group);
}

export function itemRows(items, withUnit) {
  return items.map((it) => h('tr', { 'data-item': it.id },
    h('td', { 'data-label': 'Nội dung' }, it.freq ? h('span', { class: 'period' }, periodName(it)) : null, it.freq ? ' ' : null,
      link('/tasks/' + it.task_id + '#item-' + it.id, it.text.length > 160 ? it.text.slice(0, 159) + '…' : it.text),
      h('div', { class: 'muted' }, (it.notice_number ? 'Số ' + it.notice_number : 'Văn bản') + (it.notice_date ? ' ngày ' + vnDate(it.notice_date) : ''))),
    withUnit ? h('td', { 'data-label': 'Đơn vị chủ trì' }, it.unit) : null,
    h('td', { 'data-label': 'Thời hạn' }, it.due_text || (it.deadline ? '' : 'Không có thời hạn'), it.deadline ? h('div', { class: 'muted' }, 'Hạn cuối ' + vnDate(it.deadline)) : ''),
    h('td', { 'data-label': 'Tình trạng' }, badge(it.status, it.status_label),
      it.awaiting_confirmation ? [' ', badge('awaiting', 'Chờ xác nhận')] : null,
      it.due_soon ? [' ', badge('in_progress', 'Sắp đến hạn')] : null,
      it.extended ? [' ', badge('done_late', 'Đã gia hạn')] : null,
      it.status === 'overdue' ? h('div', { class: 'muted' }, 'Quá ' + num(-it.days_left) + ' ngày') : null,
      progressBar(it),
      it.periods && it.periods.count > 1 ? h('div', { class: 'periods' }, link('/tasks/' + it.task_id,
        `Gộp ${num(it.periods.count)} kỳ: ${num(it.periods.overdue)} quá hạn, ${num(it.periods.done)} đã hoàn thành`)) : null,
      decisionNote(it))));
}

export async function viewTasks() {
  const qs = new URLSearchParams(location.search);
  const units = await unitOptions();
  setTitle('Nhiệm vụ');
  const sel = (name, opts, label) => h('label', {}, label, h('select', { name },
    h('option', { value: '' }, 'Tất cả'), opts.map(([v, t]) => h('option', { value: v, selected: qs.get(name) === String(v) }, t))));
  const form = h('form', { class: 'filters', role: 'search', novalidate: true, onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const el of form.elements) {
      if (!el.name || !el.value) continue;
      if (!el.read) { p.set(el.name, el.value); continue; }
      const d = el.read();
      if (d.error) { el.focus(); return; }
      p.set(el.name, d.iso);
    }
    go('/tasks?' + p.toString());
  } },
  h('label', {}, 'Tìm kiếm', h('input', { name: 'q', type: 'search', value: qs.get('q') || '', placeholder: 'vd. don doc bao cao' })),
  sel('unit', units.map((u) => [u.id, u.name]), 'Đơn vị chủ trì'),
  sel('status', STATUS_ORDER.map((k) => [k, STATUS[k]]), 'Tình trạng'),
  sel('flag', [['recurring', 'Định kỳ']].concat(Object.entries(FLAGS)), 'Đánh dấu'),
  h('label', {}, 'Hiển thị', h('select', { name: 'group' }, h('option', { value: '' }, 'Từng kỳ'),
    h('option', { value: 'task', selected: qs.get('group') === 'task' }, 'Gộp các kỳ theo nhiệm vụ'))),
  field('Hạn từ', dateInput({ name: 'due_from' }, qs.get('due_from'))),
  field('đến', dateInput({ name: 'due_to' }, qs.get('due_to'))),
  qs.get('notice') ? h('input', { type: 'hidden', name: 'notice', value: qs.get('notice') }) : null,
  h('button', { class: 'primary', type: 'submit' }, 'Lọc'));
  const page = +(qs.get('page') || 1);
  const apiQs = new URLSearchParams(qs); apiQs.set('page', page);
  const r = await api('GET', '/api/tasks?' + apiQs.toString());
  // Exports carry every match (the server streams them, no paging, no cap).
  const exportLink = (fmt, label) => { const p = new URLSearchParams(qs); p.delete('page'); p.delete('per_page'); p.set('format', fmt);
    return h('a', { href: '/api/tasks?' + p.toString(), download: 'nhiem-vu.' + fmt }, label); };
  const pages = Math.max(1, Math.ceil(r.total / r.per_page));
  const pageLink = (n, label) => { const p = new URLSearchParams(qs); p.set('page', n); return link('/tasks?' + p.toString(), label); };
  const table = h('table', { id: 'task-table', class: 'stack-sm' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Nội dung'), h('th', { scope: 'col' }, 'Đơn vị chủ trì'), h('th', { scope: 'col' }, 'Thời hạn'), h('th', { scope: 'col' }, 'Tình trạng'))),
    h('tbody', {}, itemRows(r.items, true)));
  show(h('h1', {}, 'Nhiệm vụ'), form, savedViews(qs),
    h('p', {}, h('span', { id: 'result-count', 'data-total': r.total }, num(r.total) + (r.items_total !== undefined ? ' nhiệm vụ (' + num(r.items_total) + ' lượt việc)' : ' lượt việc')),
      r.total ? ` (đang hiện ${num((page - 1) * r.per_page + 1)}–${num(Math.min(r.total, page * r.per_page))})` : '', ' · ',
      exportLink('csv', 'Tải về CSV'), ' · ', exportLink('xlsx', 'Tải về Excel')),
    // A grouped row stands for many periods: bulk decisions act on items.
    qs.get('group') === 'task' ? null : bulkTools(table, () => viewTasks()), table,
    h('nav', { class: 'pager', 'aria-label': 'Trang' }, page > 1 ? pageLink(page - 1, '‹ Trước') : null,
      h('span', {}, `Trang ${num(page)}/${num(pages)}`), page < pages ? pageLink(page + 1, 'Sau ›') : null));
}

// ---- One task -------------------------------------------------------------------
// What a saved action changed, said where the user acted.
const SAVED = {
  progress: 'Đã lưu báo cáo tiến độ.', done: 'Đã lưu báo cáo hoàn thành; chờ Văn phòng xác nhận.',
  confirm: 'Đã xác nhận hoàn thành.', reopen: 'Đã trả lại việc cho đơn vị.', extend: 'Đã gửi đề nghị gia hạn; chờ Văn phòng duyệt.',
  approve: 'Đã duyệt gia hạn.', refuse: 'Đã từ chối gia hạn.', grant: 'Đã gia hạn.',
};
// The outcome of the last action, shown by the next drawing of the task.
let flash = null;

export function actionForms(task, it, reload) {
  const role = session.me.user.role, mine = role === 'office' || (role === 'unit' && session.me.user.unit_id === it.unit_id);
  if (!mine || role === 'viewer') return null;
  const msg = h('div', { class: 'msg', 'aria-live': 'polite' });
  if (flash && flash.item === it.id) {
    msg.append(h('p', { class: 'ok', role: 'status', tabindex: '-1' }, flash.text));
    flash = null;
  }
  const act = async (action, body) => {
    msg.replaceChildren(h('p', { class: 'muted' }, 'Đang lưu…'));
    try {
      await api('POST', `/api/tasks/${task.id}/${action}`, Object.assign({ item: it.id }, body));
      flash = { item: it.id, text: SAVED[action] };
      await reload();
    } catch (e) { msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, whyNot(e))); }
  };
  const btn = (action, body) => h('button', { type: 'button', 'data-action': action, onclick: () => act(action, body && body()) }, ACTIONS[action]);
  const forms = [];
  if (it.state !== 'done') {
    const note = h('input', { name: 'note', 'aria-label': 'Nội dung tiến độ', placeholder: 'Nội dung tiến độ' });
    const pct = h('input', { name: 'percent', type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', class: 'pct-input', 'aria-label': 'Tỷ lệ hoàn thành (%)', placeholder: '%' });
    forms.push(h('form', { 'data-form': 'progress', onsubmit: (ev) => { ev.preventDefault(); act('progress', { note: note.value, percent: pct.value === '' ? undefined : +pct.value }); } }, note, pct, h('button', { type: 'submit' }, ACTIONS.progress)));
  }
  if (it.state === 'open') forms.push(doneButton(task, it, ACTIONS.done, () => { flash = { item: it.id, text: SAVED.done }; return reload(); }));
  if (role === 'office' && it.state === 'reported') forms.push(btn('confirm'));
  // Returning work, and deciding a request, ask for the office's note.
  const ask = (action) => h('button', { type: 'button', 'data-action': action, onclick: () => decideOne(it, action, msg, () => { flash = { item: it.id, text: SAVED[action] }; return reload(); }) }, ACTIONS[action]);
  if (role === 'office' && it.state !== 'open') forms.push(ask('reopen'));
  if (it.state !== 'done' && !it.requested_to) {
    const d = dateInput({ name: 'date', 'aria-label': 'Hạn mới (ngày/tháng/năm)', required: true }, null,
      () => +((task.notice_date || task.due || new Date().toISOString()).slice(0, 4)));
    const why = h('input', { name: 'note', 'aria-label': 'Lý do', placeholder: 'Lý do gia hạn', required: true });
    // The office sets the new deadline itself (grant); a unit asks (extend).
    const how = role === 'office' ? 'grant' : 'extend';
    forms.push(h('form', { novalidate: true, onsubmit: (ev) => {
      ev.preventDefault();
      const r = d.read();
      if (r.error || !r.iso) { d.focus(); msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, r.error || 'Hãy nhập hạn mới (ngày/tháng/năm).')); return; }
      act(how, { date: r.iso, note: why.value });
    } }, field('Hạn mới', d), why, h('button', { type: 'submit', 'data-action': how }, ACTIONS[how])));
  }
  if (role === 'office' && it.requested_to) forms.push(ask('approve'), ask('refuse'));
  return h('div', {}, h('div', { class: 'actions' }, forms), msg);
}

function itemSection(t, it, reload, heading) {
  return h('section', { id: 'item-' + it.id, class: 'preview-task' + (it.freq ? ' period-item' : '') },
    heading,
    h('p', {}, badge(it.status, it.status_label), it.awaiting_confirmation ? [' ', badge('awaiting', 'Chờ xác nhận')] : null,
      it.deadline ? ' · Hạn cuối ' + vnDate(it.deadline) : ' · Không có thời hạn',
      it.extended ? ` (đã gia hạn từ ${vnDate(it.last_day)})` : '',
      it.requested_to ? ` · Xin gia hạn đến ${vnDate(it.requested_to)}: ${it.request_reason || ''}` : '',
      it.done_on ? ' · Hoàn thành ngày ' + vnDate(it.done_on) : it.reported_on ? ' · Báo cáo hoàn thành ngày ' + vnDate(it.reported_on) : ''),
    progressBar(it), attachmentList(t, it), decisionNote(it),
    actionForms(t, it, reload));
}

// A recurring task is one task: each unit's periods named, the one under way
// open, earlier and later ones folded.
function unitSections(t, reload) {
  const byUnit = new Map();
  for (const it of t.items) { if (!byUnit.has(it.unit_id)) byUnit.set(it.unit_id, []); byUnit.get(it.unit_id).push(it); }
  const out = [];
  for (const items of byUnit.values()) {
    const unit = items[0].unit;
    if (!items[0].freq) { out.push(items.map((it) => itemSection(t, it, reload, h('h3', {}, unit)))); continue; }
    let cur = items.findIndex((it) => it.state !== 'done' && (it.days_left === null || it.days_left >= 0));
    if (cur < 0) cur = items.length - 1;
    const sec = (it) => itemSection(t, it, reload, h('h4', { class: 'period-name' }, periodName(it)));
    const past = items.slice(0, cur), later = items.slice(cur + 1);
    const late = past.filter((it) => it.status === 'overdue').length, done = past.filter((it) => it.state === 'done').length;
    out.push(h('section', { class: 'unit-periods' }, h('h3', {}, unit, h('span', { class: 'muted' }, ` — ${num(items.length)} kỳ`)),
      h('p', { class: 'muted' }, 'Kỳ đang thực hiện:'), sec(items[cur]),
      past.length ? h('details', { class: 'fold past' }, h('summary', {}, `Các kỳ trước (${num(past.length)} kỳ: ${num(late)} quá hạn, ${num(done)} đã hoàn thành)`), past.slice().reverse().map(sec)) : null,
      later.length ? h('details', { class: 'fold later' }, h('summary', {}, `Các kỳ sau (${num(later.length)} kỳ)`), later.map(sec)) : null));
  }
  return out;
}

export async function viewTask(id) {
  const t = await api('GET', '/api/tasks/' + id);
  const reload = () => viewTask(id);
  setTitle('Nhiệm vụ ' + (t.ref || '') + ' — ' + (t.notice_number || 'văn bản'));
  const freq = t.recurrence && t.recurrence.freq;
  // The server words each event as a sentence in local time (`text`).
  const hist = (t.history || []).slice().reverse().map((e) => h('li', {}, e.text ? e.text
    : [h('time', {}, e.at.replace('T', ' ').replace('Z', ' UTC')), ' — ', e.kind, e.actor ? ' — ' + e.actor : '', e.note ? ': ' + e.note : '']));
  show(h('h1', {}, 'Nhiệm vụ ', t.ref || ''),
    h('p', {}, link('/notices/' + t.notice_id + '#task-' + t.id, 'Văn bản ' + (t.notice_number || ('#' + t.notice_id)))),
    h('blockquote', { id: 'task-text' }, t.text),
    h('p', {}, h('strong', {}, 'Chủ trì: '), (t.owners || []).join(', ') || '—'),
    h('p', {}, h('strong', {}, 'Phối hợp: '), (t.co_owners || []).join(', ') || '—'),
    h('p', {}, h('strong', {}, 'Thời hạn: '), h('span', { id: 'task-due' }, t.due_text || (freq ? 'theo từng kỳ' : 'không có')),
      freq ? h('span', { class: 'badge', color: 'var(--awaiting)' }, 'Định kỳ ' + (FREQ[freq] || '')) : null),
    t.recurrence ? h('p', {}, h('strong', {}, 'Lặp lại: '), recurrenceWords(t.recurrence, t.due_kind)) : null,
    taskEditor(t, reload),
    h('h2', {}, 'Theo đơn vị chủ trì'), h('div', { id: 'task-items' }, unitSections(t, reload)),
    h('h2', {}, 'Lịch sử'), h('ul', {}, hist));
  const ok = document.querySelector('main .msg .ok');
  const target = ok ? ok.closest('section.preview-task') : location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (target) { const d = target.closest('details'); if (d) d.open = true; target.scrollIntoView(); }
  if (ok) ok.focus();
}
