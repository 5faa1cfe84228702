// tasks.js - the task list with its filters, and one task with its actions.

import { ACTIONS, FLAGS, STATUS, STATUS_ORDER, api, badge, errorBox, go, h, link, session, show, vnDate } from './lib.js';
import { taskEditor } from './edit.js';
import { dateInput, field } from './form.js';
import { recurrenceWords } from './explain.js';

// ---- Task list ----------------------------------------------------------------
export async function unitOptions() {
  const u = await api('GET', '/api/units');
  return u.units.filter((x) => !x.is_group);
}

export function itemRows(items, withUnit) {
  return items.map((it) => h('tr', {},
    h('td', {}, link('/tasks/' + it.task_id + '#item-' + it.id, it.text.length > 160 ? it.text.slice(0, 159) + '…' : it.text),
      h('div', { class: 'muted' }, (it.notice_number ? 'Số ' + it.notice_number : 'Văn bản') + (it.notice_date ? ' ngày ' + vnDate(it.notice_date) : ''))),
    withUnit ? h('td', {}, it.unit) : null,
    h('td', {}, it.due_text || '', it.deadline ? h('div', { class: 'muted' }, 'Hạn cuối ' + vnDate(it.deadline)) : ''),
    h('td', {}, badge(it.status, it.status_label),
      it.awaiting_confirmation ? [' ', badge('awaiting', 'Chờ xác nhận')] : null,
      it.due_soon ? [' ', badge('in_progress', 'Sắp đến hạn')] : null,
      it.extended ? [' ', badge('done_late', 'Đã gia hạn')] : null,
      it.status === 'overdue' ? h('div', { class: 'muted' }, 'Quá ' + (-it.days_left) + ' ngày') : null)));
}

export async function viewTasks() {
  const qs = new URLSearchParams(location.search);
  const units = await unitOptions();
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
  sel('flag', Object.entries(FLAGS), 'Đánh dấu'),
  field('Hạn từ', dateInput({ name: 'due_from' }, qs.get('due_from'))),
  field('đến', dateInput({ name: 'due_to' }, qs.get('due_to'))),
  qs.get('notice') ? h('input', { type: 'hidden', name: 'notice', value: qs.get('notice') }) : null,
  h('button', { class: 'primary', type: 'submit' }, 'Lọc'));
  const page = +(qs.get('page') || 1);
  const apiQs = new URLSearchParams(qs); apiQs.set('page', page);
  const r = await api('GET', '/api/tasks?' + apiQs.toString());
  const csvQs = new URLSearchParams(qs); csvQs.delete('page'); csvQs.set('format', 'csv');
  const pages = Math.max(1, Math.ceil(r.total / r.per_page));
  const pageLink = (n, label) => { const p = new URLSearchParams(qs); p.set('page', n); return link('/tasks?' + p.toString(), label); };
  show(h('h1', {}, 'Nhiệm vụ'), form,
    h('p', {}, h('span', { id: 'result-count' }, r.total + ' nhiệm vụ'), ' · ', h('a', { href: '/api/tasks?' + csvQs.toString(), download: 'nhiem-vu.csv' }, 'Tải về CSV')),
    h('div', { class: 'table-wrap' }, h('table', { id: 'task-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Nội dung'), h('th', {}, 'Đơn vị chủ trì'), h('th', {}, 'Thời hạn'), h('th', {}, 'Tình trạng'))),
      h('tbody', {}, itemRows(r.items, true)))),
    h('nav', { class: 'pager', 'aria-label': 'Trang' }, page > 1 ? pageLink(page - 1, '‹ Trước') : null,
      h('span', {}, `Trang ${page}/${pages}`), page < pages ? pageLink(page + 1, 'Sau ›') : null));
}

// ---- One task -------------------------------------------------------------------
export function actionForms(task, it, reload) {
  const role = session.me.user.role, mine = role === 'office' || (role === 'unit' && session.me.user.unit_id === it.unit_id);
  if (!mine || role === 'viewer') return null;
  const msg = h('div', { 'aria-live': 'polite' });
  const act = async (action, body) => {
    try { await api('POST', `/api/tasks/${task.id}/${action}`, Object.assign({ item: it.id }, body)); await reload(); }
    catch (e) { msg.replaceChildren(errorBox(e)); }
  };
  const btn = (action, body) => h('button', { type: 'button', 'data-action': action, onclick: () => act(action, body && body()) }, ACTIONS[action]);
  const forms = [];
  if (it.state !== 'done') {
    const note = h('input', { name: 'note', 'aria-label': 'Nội dung tiến độ', placeholder: 'Nội dung tiến độ' });
    forms.push(h('form', { onsubmit: (ev) => { ev.preventDefault(); act('progress', { note: note.value }); } }, note, h('button', { type: 'submit' }, ACTIONS.progress)));
  }
  if (it.state === 'open') forms.push(btn('done'));
  if (role === 'office' && it.state === 'reported') forms.push(btn('confirm'));
  if (role === 'office' && it.state !== 'open') forms.push(btn('reopen'));
  if (it.state !== 'done' && !it.requested_to) {
    const d = dateInput({ name: 'date', 'aria-label': 'Hạn mới (ngày/tháng/năm)', required: true }, null,
      () => +((task.notice_date || task.due || new Date().toISOString()).slice(0, 4)));
    const why = h('input', { name: 'note', 'aria-label': 'Lý do', placeholder: 'Lý do gia hạn', required: true });
    forms.push(h('form', { novalidate: true, onsubmit: (ev) => {
      ev.preventDefault();
      const r = d.read();
      if (r.error || !r.iso) { d.focus(); msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, r.error || 'Hãy nhập hạn mới (ngày/tháng/năm).')); return; }
      act('extend', { date: r.iso, note: why.value });
    } }, field('Hạn mới', d), why, h('button', { type: 'submit' }, ACTIONS.extend)));
  }
  if (role === 'office' && it.requested_to) forms.push(btn('approve'), btn('refuse'));
  return h('div', {}, h('div', { class: 'actions' }, forms), msg);
}

export async function viewTask(id) {
  const t = await api('GET', '/api/tasks/' + id);
  const reload = () => viewTask(id);
  const items = t.items.map((it) => h('section', { id: 'item-' + it.id, class: 'preview-task' },
    h('h3', {}, it.unit, it.seq ? ' — kỳ ' + it.seq : ''),
    h('p', {}, badge(it.status, it.status_label), it.awaiting_confirmation ? [' ', badge('awaiting', 'Chờ xác nhận')] : null,
      it.deadline ? ' · Hạn cuối ' + vnDate(it.deadline) : ' · Không có thời hạn',
      it.extended ? ` (đã gia hạn từ ${vnDate(it.last_day)})` : '',
      it.requested_to ? ` · Xin gia hạn đến ${vnDate(it.requested_to)}: ${it.request_reason || ''}` : '',
      it.done_on ? ' · Hoàn thành ngày ' + vnDate(it.done_on) : it.reported_on ? ' · Báo cáo hoàn thành ngày ' + vnDate(it.reported_on) : ''),
    actionForms(t, it, reload)));
  // The server words each event as a sentence in local time (`text`).
  const hist = (t.history || []).slice().reverse().map((e) => h('li', {}, e.text ? e.text
    : [h('time', {}, e.at.replace('T', ' ').replace('Z', ' UTC')), ' — ', e.kind, e.actor ? ' — ' + e.actor : '', e.note ? ': ' + e.note : '']));
  show(h('h1', {}, 'Nhiệm vụ ', t.ref || ''),
    h('p', {}, link('/notices/' + t.notice_id + '#task-' + t.id, 'Văn bản ' + (t.notice_number || ('#' + t.notice_id)))),
    h('blockquote', { id: 'task-text' }, t.text),
    h('p', {}, h('strong', {}, 'Chủ trì: '), (t.owners || []).join(', ') || '—'),
    h('p', {}, h('strong', {}, 'Phối hợp: '), (t.co_owners || []).join(', ') || '—'),
    h('p', {}, h('strong', {}, 'Thời hạn: '), h('span', { id: 'task-due' }, t.due_text || 'không có')),
    t.recurrence ? h('p', {}, h('strong', {}, 'Lặp lại: '), recurrenceWords(t.recurrence, t.due_kind)) : null,
    taskEditor(t, reload),
    h('h2', {}, 'Theo đơn vị chủ trì'), items,
    h('h2', {}, 'Lịch sử'), h('ul', {}, hist));
  if (location.hash) { const el = document.getElementById(location.hash.slice(1)); if (el) el.scrollIntoView(); }
}
