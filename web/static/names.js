// names.js - owner names and the units directory: which names the
// directory knows (by name or alias, whatever the case and diacritics), the
// closest units for one it does not, and the clerk's three answers: map the
// name to a unit (remembered as a learned alias), add it as a new unit, or
// keep it as written.

import { api, errorBox, h } from './lib.js';
import { field, okBox, uid } from './form.js';

// Case- and diacritic-insensitive form of a name: "Sở KH&ĐT" ~ "sở kh&đt".
export function fold(s) {
  return String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd')
    .toLowerCase().replace(/\s+/g, ' ').trim();
}

// The directory as the dashboard checks names against it: every unit of
// the units file (and groups), by folded name and alias.
export async function loadDirectory() {
  const r = await api('GET', '/api/units');
  const known = new Map();
  for (const u of r.units) {
    if (!u.in_directory) continue;
    known.set(fold(u.name), u);
    for (const a of u.aliases || []) known.set(fold(a), u);
  }
  const units = r.units.filter((u) => u.in_directory && !u.is_group);
  return { known, units, all: r.units };
}
export function dirUnit(dir, name) { return dir.known.get(fold(name)) || null; }

// What the directory's one name matcher (GET /api/units/suggest) says of
// NAME: {unit: the directory unit it names (by name or alias) or null,
// names: the closest units, best first}.
export async function suggest(name) {
  const r = await api('GET', '/api/units/suggest?name=' + encodeURIComponent(name));
  return { unit: r.unit || null, names: (r.suggestions || []).map((x) => x.name).filter(Boolean) };
}

// One unknown name's panel.  onDone(name, choice, unit) is called once the
// clerk has chosen: choice 'map' (unit is the directory unit, alias stored),
// 'new' (unit is the name, now a directory unit) or 'keep'.
export function unknownNamePanel(dir, name, suggestions, onDone) {
  const msg = h('div', { 'aria-live': 'polite' });
  const pick = h('select', { name: 'map-to', id: uid('map') },
    suggestions.length ? null : h('option', { value: '' }, '— chọn đơn vị —'),
    suggestions.length ? h('optgroup', { label: 'Gần giống nhất' }, suggestions.map((n) => h('option', { value: n }, n))) : null,
    h('optgroup', { label: 'Tất cả đơn vị trong danh mục' }, dir.units.map((u) => h('option', { value: u.name }, u.name))));
  const box = h('section', { class: 'unknown-name', id: uid('unknown'), 'data-name': name, tabindex: '-1' });
  const done = (text, choice, unit) => {
    box.classList.add('resolved');
    box.replaceChildren(h('p', {}, okBox(text)));
    onDone(name, choice, unit);
  };
  const map = h('button', { type: 'button', 'data-choice': 'map', onclick: async () => {
    if (!pick.value) { msg.replaceChildren(h('p', { class: 'error', role: 'alert' }, 'Hãy chọn một đơn vị trong danh mục.')); pick.focus(); return; }
    map.disabled = true;
    try {
      const u = dir.units.find((x) => x.name === pick.value);
      await api('POST', '/api/units/aliases', { alias: name, unit: u.id });
      done(`Đã ghi nhớ: “${name}” là tên khác của ${pick.value}. Lần nhập sau sẽ tự gán.`, 'map', pick.value);
    } catch (e) { map.disabled = false; msg.replaceChildren(errorBox(e)); }
  } }, 'Gán cho đơn vị đã chọn và ghi nhớ');
  // The office adds the name to its directory now (POST /api/units), so the
  // save and every later notice count it among the directory's units.
  const add = h('button', { type: 'button', 'data-choice': 'new', onclick: async () => {
    add.disabled = true;
    try {
      await api('POST', '/api/units', { name });
      done(`Đã thêm “${name}” vào danh mục đơn vị.`, 'new', name);
    } catch (e) { add.disabled = false; msg.replaceChildren(errorBox(e)); }
  } }, 'Thêm đơn vị mới');
  const keep = h('button', { type: 'button', 'data-choice': 'keep', onclick: () => done(`Giữ nguyên “${name}” như văn bản ghi.`, 'keep') }, 'Giữ nguyên như văn bản');
  box.append(h('p', {}, h('strong', {}, '“' + name + '”'), ' không có trong danh mục đơn vị.',
    suggestions.length ? ' Đơn vị gần giống: ' + suggestions.slice(0, 3).join('; ') + '.' : ' Không có đơn vị nào gần giống: hãy chọn trong danh mục.'),
  h('div', { class: 'actions' }, field('Đơn vị trong danh mục', pick), map, add, keep), msg);
  box.focusTarget = pick;
  return box;
}
