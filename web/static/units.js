// units.js - the units, one unit's work and its calendar feed address.

import { ApiError, FLAGS, STATUS, STATUS_ORDER, api, color, go, h, link, num, pct, session, setTitle, show, whyNot } from './lib.js';
import { itemRows } from './tasks.js';
import { learnedBox, mergeBox } from './merge.js';
import { bulkTools } from './inbox.js';

// ---- Units -----------------------------------------------------------------------
export async function viewUnits() {
  const r = await api('GET', '/api/units');
  show(h('h1', {}, 'Đơn vị'), h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Đơn vị'), h('th', { class: 'hide-sm' }, 'Thư điện tử'), h('th', { class: 'num' }, 'Nhiệm vụ đang giao'))),
    h('tbody', {}, r.units.filter((u) => !u.is_group).map((u) => h('tr', {}, h('td', {}, link('/units/' + u.id, u.name), unitMark(u)),
      h('td', { class: 'hide-sm' }, u.email || ''), h('td', { class: 'num' }, u.open_assignments)))))),
    mergeBox(r.units, viewUnits), learnedBox());
}

// What sets a unit apart in the list: the office itself, a unit the office
// added by hand (the units file does not list it), a name met only in notices.
function unitMark(u) {
  const why = u.is_office ? 'văn phòng' : !u.in_directory ? 'ngoài danh mục'
    : u.added_at ? `Văn phòng thêm ngày ${u.added_at.slice(8, 10)}/${u.added_at.slice(5, 7)}/${u.added_at.slice(0, 4)}${u.added_by ? ', ' + u.added_by : ''}` : '';
  return why ? h('span', { class: 'muted unit-mark' }, ` (${why})`) : '';
}

// The unit's calendar feed: the address exists in clear only in the answer
// that makes it, so it is shown once; a lost one is replaced ("rotate").
export function feedBox(u) {
  const role = session.me.user.role;
  if (u.is_group || !(role === 'office' || (role === 'unit' && session.me.user.unit_id === u.id))) return null;
  const out = h('div', { 'aria-live': 'polite', id: 'feed-result' });
  const act = async (action) => {
    try {
      const r = await api('POST', `/api/units/${u.id}/feed`, { action });
      if (r.revoked) { out.replaceChildren(h('p', { class: 'ok' }, 'Đã thu hồi địa chỉ lịch; lịch đã đăng ký sẽ ngừng cập nhật.')); return; }
      const google = 'https://calendar.google.com/calendar/r?cid=' + encodeURIComponent(r.webcal || r.url);
      out.replaceChildren(h('p', { class: 'ok' }, 'Địa chỉ lịch riêng của đơn vị (chỉ hiện một lần, hãy lưu lại):'),
        h('p', {}, h('input', { readonly: true, value: r.url, id: 'feed-url', 'aria-label': 'Địa chỉ lịch', size: 60 })),
        h('p', {}, h('a', { href: r.webcal || r.url }, 'Đăng ký lịch (webcal)'), ' · ',
          h('a', { href: google, rel: 'noopener', target: '_blank' }, 'Thêm vào Google Calendar')));
    } catch (e) { out.replaceChildren(h('p', { class: 'error', role: 'alert' }, whyNot(e))); }
  };
  return h('section', {}, h('h2', {}, 'Lịch nhắc hạn'),
    h('p', { class: 'muted' }, 'Đăng ký lịch này trong Google Calendar, Outlook, Apple Calendar hoặc Thunderbird để thấy hạn các nhiệm vụ của đơn vị.'),
    h('div', { class: 'actions' },
      h('button', { type: 'button', onclick: () => act('issue') }, 'Tạo địa chỉ lịch'),
      h('button', { type: 'button', onclick: () => act('rotate') }, 'Đổi địa chỉ mới'),
      h('button', { type: 'button', onclick: () => act('revoke') }, 'Thu hồi')), out);
}

// One unit's own page (where a unit account lands): its counts, then its work
// as it must act on it (due within 7 days, then overdue, then the rest), paged
// by the server with filters, and its calendar feed.
export async function viewUnit(id) {
  const qs = new URLSearchParams(location.search);
  const [units, sum] = await Promise.all([api('GET', '/api/units'), api('GET', '/api/summary?per_page=1&unit=' + id)]);
  const u = units.units.find((x) => String(x.id) === String(id));
  if (!u) throw new ApiError(404, 'đơn vị ' + id);
  setTitle(u.name);
  const c = sum.counts, today = sum.today;
  const week = new Date(Date.parse(today + 'T00:00:00Z') + 7 * 864e5).toISOString().slice(0, 10);
  const soon = await api('GET', `/api/tasks?unit=${id}&flag=open&due_from=${today}&due_to=${week}&per_page=1`);
  const card = (code, n, label, href) => h('a', { class: 'card', href, color: color(code), 'data-n': n },
    h('span', { class: 'n' }, num(n)), h('span', { class: 'l' }, label));
  const base = `/units/${id}?`;
  const cards = h('div', { class: 'cards', id: 'unit-counts' },
    card('in_progress', soon.total, 'Đến hạn trong 7 ngày tới', `/tasks?unit=${id}&flag=open&due_from=${today}&due_to=${week}`),
    card('overdue', c.overdue, 'Quá hạn', base + 'status=overdue'),
    card('awaiting', c.awaiting, 'Chờ xác nhận', base + 'flag=awaiting'),
    card('in_progress', c.in_progress, 'Đang thực hiện trong hạn', base + 'status=in_progress'),
    card('no_deadline', c.no_deadline, 'Không có thời hạn', base + 'status=no_deadline'),
    card('done_on_time', c.done_on_time, 'Hoàn thành đúng hạn', base + 'status=done_on_time'),
    card('done_late', c.done_late, 'Hoàn thành quá hạn', base + 'status=done_late'));

  const per = ['50', '100', '200'].includes(qs.get('per_page')) ? qs.get('per_page') : '50';
  const page = Math.max(1, +(qs.get('page') || 1) | 0);
  const apiQs = new URLSearchParams({ unit: id, sort: 'attention', page, per_page: per });
  for (const k of ['status', 'flag', 'q', 'group']) if (qs.get(k)) apiQs.set(k, qs.get(k));
  const r = await api('GET', '/api/tasks?' + apiQs.toString());
  const sel = (name, opts, label, value) => h('label', {}, label, h('select', { name },
    opts.map(([v, t]) => h('option', { value: v, selected: (value ?? qs.get(name) ?? '') === v }, t))));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Lọc việc của đơn vị', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value && !(el.name === 'per_page' && el.value === '50')) p.set(el.name, el.value);
    go(base + p.toString());
  } },
  h('label', {}, 'Tìm kiếm', h('input', { name: 'q', type: 'search', value: qs.get('q') || '' })),
  sel('status', [['', 'Tất cả']].concat(STATUS_ORDER.map((k) => [k, STATUS[k]])), 'Tình trạng'),
  sel('flag', [['', 'Tất cả'], ['recurring', 'Định kỳ']].concat(Object.entries(FLAGS)), 'Đánh dấu'),
  sel('group', [['', 'Từng kỳ'], ['task', 'Gộp các kỳ theo nhiệm vụ']], 'Hiển thị'),
  sel('per_page', [['50', '50'], ['100', '100'], ['200', '200']], 'Số dòng mỗi trang', per),
  h('button', { class: 'primary', type: 'submit' }, 'Lọc'));
  const pages = Math.max(1, Math.ceil(r.total / r.per_page));
  const from = r.total ? (page - 1) * r.per_page + 1 : 0, to = Math.min(r.total, page * r.per_page);
  const pageLink = (n, label, rel) => { const p = new URLSearchParams(qs); p.set('page', n); return h('a', { href: base + p.toString(), rel }, label); };
  const table = h('table', { id: 'unit-items', class: 'stack-sm' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Nội dung'), h('th', { scope: 'col' }, 'Thời hạn'), h('th', { scope: 'col' }, 'Tình trạng'))),
    h('tbody', {}, bandedRows(r.items)));
  show(h('h1', {}, u.name), u.email ? h('p', { class: 'muted' }, u.email) : null,
    h('p', { class: 'lead' }, num(c.tasks), ' nhiệm vụ, ', num(c.work_items), ' lượt việc; tỷ lệ quá hạn ', h('strong', {}, pct(c.overdue_rate)),
      h('span', { class: 'muted' }, ' (' + sum.definitions.overdue_rate + ')')),
    c.overdue && !u.is_office ? h('p', {}, h('a', { id: 'urge-letter', href: '/api/documents/urge/' + u.id, download: '' }, 'Tải công văn đôn đốc (Word)')) : null,
    cards,
    h('h2', {}, 'Việc của đơn vị'),
    h('p', { class: 'muted' }, 'Việc đến hạn trong 7 ngày tới trước, rồi việc quá hạn (mới quá hạn trước), rồi các việc khác.'),
    form,
    h('p', { id: 'result-count', 'data-total': r.total, 'aria-live': 'polite' }, r.total ? (r.items_total !== undefined ? `Nhiệm vụ ${num(from)}–${num(to)} trong tổng số ${num(r.total)} (gồm ${num(r.items_total)} lượt việc)`
      : `Lượt việc ${num(from)}–${num(to)} trong tổng số ${num(r.total)}`) : 'Không có lượt việc nào'),
    qs.get('group') === 'task' ? null : bulkTools(table, () => viewUnit(id)), table,
    h('nav', { class: 'pager', 'aria-label': 'Trang' },
      page > 1 ? [pageLink(1, '« Đầu'), pageLink(page - 1, '‹ Trước', 'prev')] : null,
      h('span', {}, `Trang ${num(page)}/${num(pages)}`),
      page < pages ? [pageLink(page + 1, 'Sau ›', 'next'), pageLink(pages, 'Cuối »')] : null),
    feedBox(u));
}

// The attention order's bands, each under its own heading row.
function band(it) {
  if (it.state !== 'done' && it.deadline && it.days_left !== null && it.days_left >= 0 && it.days_left <= 7) return 'Đến hạn trong 7 ngày tới';
  if (it.state !== 'done' && it.status === 'overdue') return 'Quá hạn';
  return 'Các việc khác';
}
function bandedRows(items) {
  const out = [];
  let last = null;
  items.forEach((it, i) => {
    const b = band(it);
    if (b !== last) out.push(h('tr', { class: 'band' }, h('th', { colspan: 3, scope: 'colgroup' }, b)));
    last = b;
    out.push(itemRows([it], false)[0]);
    return i;
  });
  return out;
}
