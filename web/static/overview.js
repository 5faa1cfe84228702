// overview.js - the first screen: counts, the per-unit table and the weekly chart.

import { STATUS, STATUS_ORDER, api, color, h, link, s, show, vnDate } from './lib.js';

// ---- Overview ------------------------------------------------------------------
export async function viewOverview() {
  const sum = await api('GET', '/api/summary?per_page=200');
  const c = sum.counts;
  const card = (code, n, label, href) => h('div', { class: 'card', color: color(code) },
    h('a', { href }, h('div', { class: 'n' }, n), h('div', {}, label)));
  const cards = h('div', { class: 'cards' },
    STATUS_ORDER.map((k) => card(k, c[k], STATUS[k], '/tasks?status=' + k)),
    card('awaiting', c.awaiting, 'Chờ xác nhận', '/tasks?flag=awaiting'),
    card('overdue', c.long_overdue, 'Quá hạn dài ngày', '/tasks?flag=long_overdue'),
    card('in_progress', c.due_soon, 'Sắp đến hạn', '/tasks?flag=due_soon'));
  show(h('h1', {}, 'Tổng quan ngày ' + vnDate(sum.today)),
    h('p', { class: 'muted' }, 'Tổng số nhiệm vụ (theo đơn vị chủ trì): ', h('strong', { id: 'total' }, c.work_items)),
    cards,
    h('h2', {}, 'Theo đơn vị'), unitTable(sum.units.rows),
    h('h2', {}, 'Tình trạng theo đơn vị'), stackedBars(sum.units.rows),
    h('h2', {}, 'Số nhiệm vụ quá hạn theo tuần'), weekChart(sum.weeks));
}

export function unitTable(rows) {
  const cols = [
    ['unit', 'Đơn vị'], ['work_items', 'Tổng số'], ['done_on_time', 'Hoàn thành đúng hạn'], ['done_late', 'Hoàn thành quá hạn'],
    ['in_progress', 'Đang thực hiện trong hạn'], ['overdue', 'Quá hạn'], ['no_deadline', 'Không có thời hạn'],
    ['long_overdue', 'Quá hạn dài ngày'], ['awaiting', 'Chờ xác nhận'], ['overdue_rate', 'Tỷ lệ quá hạn'],
  ];
  let key = 'work_items', dir = -1;
  const tbody = h('tbody');
  const heads = cols.map(([k, label]) => h('th', { scope: 'col', tabindex: '0', class: k === 'unit' ? '' : 'num', 'aria-sort': 'none',
    onclick: () => sortBy(k), onkeydown: (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); sortBy(k); } } }, label));
  function sortBy(k) {
    dir = key === k ? -dir : (k === 'unit' ? 1 : -1); key = k;
    heads.forEach((th, i) => th.setAttribute('aria-sort', cols[i][0] === key ? (dir > 0 ? 'ascending' : 'descending') : 'none'));
    draw();
  }
  function draw() {
    const sorted = rows.filter((r) => r.work_items > 0).sort((a, b) =>
      (key === 'unit' ? a.unit.localeCompare(b.unit, 'vi') : a[key] - b[key]) * dir);
    tbody.replaceChildren(...sorted.map((r) => h('tr', {}, cols.map(([k]) => k === 'unit'
      ? h('td', {}, link('/units/' + r.unit_id, r.unit))
      : h('td', { class: 'num' }, k === 'overdue_rate' ? (r[k] === null ? '—' : r[k].toFixed(1) + '%') : r[k])))));
  }
  sortBy('work_items');
  return h('div', { class: 'table-wrap' }, h('table', { id: 'unit-table' }, h('thead', {}, h('tr', {}, heads)), tbody));
}

export function stackedBars(rows) {
  rows = rows.filter((r) => r.work_items > 0).sort((a, b) => b.work_items - a.work_items).slice(0, 25);
  const max = Math.max(1, ...rows.map((r) => r.work_items));
  const rowH = 22, labelW = 230, barW = 560, W = labelW + barW + 50;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${rows.length * rowH + 10}`, role: 'img',
    'aria-label': 'Biểu đồ tình trạng nhiệm vụ theo đơn vị' });
  rows.forEach((r, i) => {
    const y = i * rowH + 4;
    svg.append(s('text', { x: labelW - 6, y: y + 14, 'text-anchor': 'end', 'font-size': 12 }, r.unit.length > 34 ? r.unit.slice(0, 33) + '…' : r.unit));
    let x = labelW;
    for (const k of STATUS_ORDER) {
      const w = r[k] / max * barW;
      if (w > 0) {
        const rect = s('rect', { x, y, width: w, height: rowH - 6, fill: getComputedStyle(document.documentElement).getPropertyValue('--' + k).trim() });
        rect.append(s('title', {}, `${r.unit}: ${STATUS[k]} ${r[k]}`));
        svg.append(rect);
      }
      x += w;
    }
    svg.append(s('text', { x: x + 4, y: y + 14, 'font-size': 12 }, r.work_items));
  });
  const legend = h('div', { class: 'legend' }, STATUS_ORDER.map((k) => h('span', { color: color(k) }, STATUS[k])));
  return [legend, svg];
}

export function weekChart(weeks) {
  const max = Math.max(1, ...weeks.map((w) => w.overdue));
  const W = 720, H = 200, pad = 30, bw = (W - 2 * pad) / weeks.length;
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H + 30}`, role: 'img', 'aria-label': 'Số nhiệm vụ quá hạn vào cuối mỗi tuần' });
  weeks.forEach((w, i) => {
    const bh = w.overdue / max * (H - 20), x = pad + i * bw;
    const rect = s('rect', { x: x + 4, y: H - bh, width: bw - 8, height: bh, fill: '#d93025' });
    rect.append(s('title', {}, `Tuần đến ${vnDate(w.week_end)}: ${w.overdue} quá hạn`));
    svg.append(rect, s('text', { x: x + bw / 2, y: H - bh - 4, 'text-anchor': 'middle', 'font-size': 11 }, w.overdue),
      s('text', { x: x + bw / 2, y: H + 16, 'text-anchor': 'middle', 'font-size': 10 }, vnDate(w.week_end).slice(0, 5)));
  });
  return svg;
}
