// overview.js - the leader's first screen: which units are late and how late,
// the aging of overdue work and the weekly trend.  The server ranks the units
// (GET /api/summary); this page shows its first page and fetches more on demand.

import { api, color, h, link, num, pct, s, setTitle, show, vnDate } from './lib.js';

// ---- Overview ------------------------------------------------------------------
export async function viewOverview() {
  const sum = await api('GET', '/api/summary');
  const c = sum.counts, d = sum.definitions;
  setTitle('Tổng quan');
  const card = (code, n, label, href, note) => h(href ? 'a' : 'div', { class: 'card', href, color: color(code), 'data-n': n },
    h('span', { class: 'n' }, typeof n === 'number' ? num(n) : n), h('span', { class: 'l' }, label), note ? h('span', { class: 'note' }, note) : null);
  const cards = h('div', { class: 'cards' },
    card('overdue', c.overdue, 'Quá hạn', '/tasks?status=overdue', 'trong đó quá hạn dài ngày: ' + num(c.long_overdue) + '; là kỳ của nhiệm vụ định kỳ: ' + num(c.overdue_recurring)),
    h('div', { class: 'card', color: color('overdue'), id: 'rate-card' }, h('span', { class: 'n' }, pct(c.overdue_rate)),
      h('span', { class: 'l' }, 'Tỷ lệ quá hạn'), h('span', { class: 'note' }, d.overdue_rate)),
    card('in_progress', c.due_soon, 'Sắp đến hạn', '/tasks?flag=due_soon', d.due_soon),
    card('awaiting', c.awaiting, 'Chờ xác nhận', '/tasks?flag=awaiting'),
    card('in_progress', c.in_progress, 'Đang thực hiện trong hạn', '/tasks?status=in_progress'),
    card('no_deadline', c.no_deadline, 'Không có thời hạn', '/tasks?status=no_deadline'),
    card('done_on_time', c.done_on_time, 'Hoàn thành đúng hạn', '/tasks?status=done_on_time'),
    card('done_late', c.done_late, 'Hoàn thành quá hạn', '/tasks?status=done_late'));
  show(h('h1', {}, 'Tổng quan ngày ' + vnDate(sum.today)),
    h('p', { class: 'lead' }, h('strong', { id: 'n-tasks', 'data-n': c.tasks }, num(c.tasks)), ' nhiệm vụ (',
      num(c.recurring_tasks), ' nhiệm vụ định kỳ), giao thành ',
      h('strong', { id: 'total', 'data-n': c.work_items }, link('/tasks', num(c.work_items))), ' lượt việc cho các đơn vị chủ trì.'),
    // The figures inside the overdue card, each opening the list it counts.
    h('p', { id: 'overdue-parts' }, 'Trong số quá hạn: ',
      h('a', { href: '/tasks?flag=long_overdue', 'data-n': c.long_overdue }, num(c.long_overdue) + ' quá hạn dài ngày'), ' · ',
      h('a', { href: '/tasks?flag=recurring&status=overdue', 'data-n': c.overdue_recurring }, num(c.overdue_recurring) + ' là kỳ của nhiệm vụ định kỳ')),
    (sum.directory_problems || []).length ? h('div', { class: 'error', id: 'directory-problems' },
      'Địa chỉ thư không dùng được trong danh bạ (đơn vị không nhận thư nhắc việc): ',
      sum.directory_problems.map((p, i) => [i ? '; ' : '', h('strong', {}, p.unit), ' — ', p.problem])) : [],
    definitions(d), cards,
    h('p', { id: 'report-docs' }, 'Báo cáo lãnh đạo: ', h('a', { href: '/api/documents/report.docx', download: '' }, 'Tải về Word'), ' · ', h('a', { href: '/api/documents/report.xlsx', download: '' }, 'Tải về Excel')),
    h('h2', { id: 'h-units' }, 'Đơn vị có nhiều việc quá hạn nhất'),
    h('p', { class: 'muted' }, 'Xếp theo số lượt việc quá hạn, rồi quá hạn dài ngày, rồi tỷ lệ quá hạn. Bấm tiêu đề cột để sắp xếp lại.'),
    rankedList(sum.units, 'units', 'unit-table', 'đơn vị'),
    h('p', { class: 'muted footnote' }, d.overdue_rate, ' ', d.long_overdue),
    h('h2', { id: 'h-other' }, 'Tên ngoài danh mục đơn vị'),
    h('p', { class: 'muted' }, 'Các tên gặp trong văn bản nhưng không có trong danh mục đơn vị (cụm từ chung, tên chưa chuẩn hóa); để riêng, không xếp hạng cùng các đơn vị.'),
    rankedList(sum.other_names, 'other_names', 'other-table', 'tên'),
    h('h2', {}, 'Thời gian quá hạn'), h('p', { class: 'muted' }, d.aging),
    barChart(d.aging_buckets.map((b) => ({ label: b.label, value: c.aging[b.key] })),
      { id: 'aging-chart', fill: '#c5221f', title: 'Số lượt việc đang quá hạn theo số ngày quá hạn', xTitle: 'Số ngày quá hạn' }),
    // Each bucket opens its work: overdue, with the last allowed day in
    // force that many days before today.
    h('p', { id: 'aging-links' }, 'Xem danh sách: ', d.aging_buckets.map((b, i) => {
      const p = new URLSearchParams({ status: 'overdue' });
      if (b.days_to != null) p.set('due_from', daysBefore(sum.today, b.days_to));
      p.set('due_to', daysBefore(sum.today, b.days_from));
      return [i ? ' · ' : '', h('a', { href: '/tasks?' + p.toString(), 'data-n': c.aging[b.key], 'data-bucket': b.key },
        `${b.label}: ${num(c.aging[b.key])}`)];
    })),
    h('h2', {}, 'Xu hướng theo tuần'), h('p', { class: 'muted' }, d.weeks),
    h('div', { class: 'charts' },
      barChart(sum.weeks.map((w) => ({ label: vnDate(w.week_end).slice(0, 5), value: w.overdue, title: 'Cuối tuần đến ' + vnDate(w.week_end) })),
        { id: 'trend-overdue', fill: '#c5221f', title: 'Số lượt việc quá hạn vào cuối mỗi tuần', xTitle: 'Tuần kết thúc ngày' }),
      barChart(sum.weeks.map((w) => ({ label: vnDate(w.week_end).slice(0, 5), value: w.completed, title: 'Tuần đến ' + vnDate(w.week_end) })),
        { id: 'trend-done', fill: '#137333', title: 'Số lượt việc được xác nhận hoàn thành trong mỗi tuần', xTitle: 'Tuần kết thúc ngày' })));
}

// The ISO day n days before `iso`.
function daysBefore(iso, n) {
  return new Date(Date.parse(iso + 'T00:00:00Z') - n * 86400000).toISOString().slice(0, 10);
}

function definitions(d) {
  return h('details', { class: 'defs' }, h('summary', {}, 'Cách tính các số liệu'),
    h('ul', {}, ['task', 'work_item', 'overdue', 'long_overdue', 'due_soon', 'overdue_rate', 'aging', 'weeks'].map((k) => h('li', {}, d[k]))));
}

// ---- The ranked table ------------------------------------------------------------
const COLS = [
  ['rank', 'Hạng', 'num'], ['unit', 'Đơn vị', ''], ['overdue', 'Quá hạn', 'num'],
  ['long_overdue', 'Quá hạn dài ngày', 'num'],
  ['d1_7', '1–7 ngày', 'num age'], ['d8_30', '8–30 ngày', 'num age'], ['d31_90', '31–90 ngày', 'num age'], ['d90_plus', 'Trên 90 ngày', 'num age'],
  ['awaiting', 'Chờ xác nhận', 'num'], ['overdue_rate', 'Tỷ lệ quá hạn', 'num'], ['work_items', 'Lượt việc', 'num'],
];
const val = (r, k) => (k in r ? r[k] : r.aging[k]);
// The columns that count a list of the task list's filters: each figure opens it.
const COUNTED = { overdue: '&status=overdue', long_overdue: '&flag=long_overdue', awaiting: '&flag=awaiting', work_items: '' };

// A page of ranked rows with "show more": list is {total, page, per_page, rows}.
function rankedList(list, key, id, noun) {
  const rows = list.rows.slice();
  const table = sortableTable(rows, id);
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'more' }, 'Hiện thêm');
  let page = list.page;
  const tell = () => {
    count.textContent = list.total ? `Đang hiện ${num(rows.length)}/${num(list.total)} ${noun}.` : `Không có ${noun} nào.`;
    more.hidden = rows.length >= list.total;
  };
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const r = await api('GET', `/api/summary?${key === 'units' ? 'page' : 'other_page'}=${page + 1}`);
      page++;
      rows.push(...r[key].rows);
      table.redraw();
    } catch (e) { count.textContent = 'Chưa tải được: ' + e.message; }
    more.disabled = false;
    tell();
  });
  tell();
  return h('div', {}, table.el, count, more);
}

function sortableTable(rows, id) {
  let key = 'rank', dir = 1;
  const tbody = h('tbody');
  const heads = COLS.map(([k, label, cls]) => h('th', { scope: 'col', class: cls, 'aria-sort': k === key ? 'ascending' : 'none' },
    h('button', { type: 'button', class: 'sort', onclick: () => sortBy(k) }, label)));
  function sortBy(k) {
    // The first click sorts the useful way: names A-Z and ranks 1 up, counts most first.
    dir = key === k ? -dir : (k === 'unit' || k === 'rank' ? 1 : -1);
    key = k;
    heads.forEach((th, i) => th.setAttribute('aria-sort', COLS[i][0] === key ? (dir > 0 ? 'ascending' : 'descending') : 'none'));
    redraw();
  }
  function redraw() {
    const sorted = rows.slice().sort((a, b) => key === 'unit' ? a.unit.localeCompare(b.unit, 'vi') * dir
      : ((val(a, key) ?? -1) - (val(b, key) ?? -1)) * dir || a.rank - b.rank);
    tbody.replaceChildren(...sorted.map((r) => h('tr', {}, COLS.map(([k, label, cls]) => k === 'unit'
      ? h('td', { class: 'unit-name', 'data-label': label }, link('/units/' + r.unit_id, r.unit))
      : h('td', { class: cls, 'data-label': label }, k === 'overdue_rate' ? pct(r[k])
        : COUNTED[k] !== undefined && val(r, k) ? link(`/tasks?unit=${r.unit_id}${COUNTED[k]}`, num(val(r, k))) : num(val(r, k)))))));
  }
  redraw();
  const el = h('table', { id, class: 'ranked stack-sm' },
    h('caption', { class: 'sr-only' }, 'Bảng xếp hạng; tiêu đề cột là nút sắp xếp'),
    h('colgroup', {}, COLS.map(([k]) => h('col', { class: 'c-' + k }))),
    h('thead', {}, h('tr', {}, heads)), tbody);
  return { el, redraw };
}

// ---- Charts ------------------------------------------------------------------------
// A bar chart with a value axis, gridlines, a label under each bar and its
// value above it; points: [{label, value, title}].
function niceMax(v) {
  if (v <= 4) return 4;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
export function barChart(points, o) {
  const W = 640, H = 240, left = 56, right = 8, top = 18, bottom = 44;
  const max = niceMax(Math.max(0, ...points.map((p) => p.value)));
  const bw = (W - left - right) / points.length, y = (v) => top + (H - top - bottom) * (1 - v / max);
  const svg = s('svg', { class: 'chart', id: o.id, viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': o.title });
  for (let i = 0; i <= 4; i++) {
    const v = max * i / 4;
    svg.append(s('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), stroke: i ? '#e0e0e0' : '#5f6368' }),
      s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#3c4043' }, num(v)));
  }
  svg.append(s('line', { x1: left, x2: left, y1: top, y2: H - bottom, stroke: '#5f6368' }));
  points.forEach((p, i) => {
    const x = left + i * bw, bh = H - bottom - y(p.value);
    const rect = s('rect', { x: x + bw * 0.15, y: y(p.value), width: bw * 0.7, height: Math.max(bh, 0), fill: o.fill });
    rect.append(s('title', {}, `${p.title || p.label}: ${num(p.value)}`));
    svg.append(rect,
      s('text', { x: x + bw / 2, y: y(p.value) - 4, 'text-anchor': 'middle', 'font-size': 11, fill: '#1b1b1b', class: 'v' }, num(p.value)),
      s('text', { x: x + bw / 2, y: H - bottom + 16, 'text-anchor': 'middle', 'font-size': 11, fill: '#3c4043' }, p.label));
  });
  svg.append(s('text', { x: left + (W - left - right) / 2, y: H - 6, 'text-anchor': 'middle', 'font-size': 11, fill: '#3c4043' }, o.xTitle || ''));
  return h('figure', { class: 'fig' }, svg, h('figcaption', {}, o.title));
}
