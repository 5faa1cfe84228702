// browser_dash.mjs - the leader's and the units' workflows in headless Chromium
// (Debian's /usr/bin/chromium driven by playwright-core), on one database:
//  - the leader's overview: its first row is the directory unit with the most
//    overdue work (as the database says), names outside the directory stand
//    apart, numbers are in Vietnamese format, sorting announces its state, the
//    page fits 1366 px;
//  - a unit account lands on its own page and pages through all its work;
//  - a recurring task shows its periods by name, the current one open;
//  - an action says it was saved, or why not, where the user acted;
//  - axe-core finds no serious or critical violation on any page, no page is
//    wider than a 390 px phone, no page shows "null", each page has its title.
// Screenshots of each page at 1366x768 and 390x844 go to SHOTS/SIZE-PAGE-W.png.
// Usage: node browser_dash.mjs BASE OFFICE_PW UNIT_LOGIN UNIT_PW EXPECT.json SIZE SHOTS
// Prints TAP lines for tests/run.sh.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base, officePw, unitLogin, unitPw, expectFile, size, shots] = process.argv.slice(2);
const want = JSON.parse(readFileSync(expectFile, 'utf8'));
const axeSrc = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
let failed = 0;
function check(cond, name, detail) {
  name = size + ': ' + name;
  if (cond) console.log('ok - ' + name);
  else { failed++; console.log('not ok - ' + name); if (detail !== undefined) console.log('#   ' + JSON.stringify(detail).slice(0, 800)); }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const errors = [];
const VIEWS = { desk: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };

async function context(view) {
  const ctx = await browser.newContext(view === 'phone'
    ? { viewport: VIEWS.phone, isMobile: true, hasTouch: true, locale: 'vi-VN' } : { viewport: VIEWS.desk, locale: 'vi-VN' });
  ctx.setDefaultTimeout(60000);
  return ctx;
}
async function login(ctx, who, pw) {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + '/login');
  await page.fill('input[name=login]', who);
  await page.fill('input[name=password]', pw);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}
const api = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);
// The page is drawn when main holds something other than the loading line.
async function drawn(page, sel) {
  await page.waitForSelector(sel || 'main h1');
  await page.waitForFunction(() => !document.querySelector('main').textContent.includes('Đang tải'));
}

// Does what changes the unit page and waits for the new drawing of its list.
async function redrawn(page, act) {
  await page.evaluate(() => { document.querySelector('#unit-items').dataset.stale = '1'; });
  await act();
  await page.waitForSelector('#unit-items:not([data-stale])');
}

// Each page: axe, width, "null", title, screenshot.
const titles = {};
async function audit(page, label, view) {
  const w = view === 'phone' ? 390 : 1366;
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(wide <= 1, `${label} at ${w} px is not wider than the screen`, wide);
  const text = await page.evaluate(() => document.body.innerText);
  check(!/\bnull\b|\bundefined\b|\bNaN\b|\[object /.test(text), `${label} shows no "null", "undefined" or "NaN"`,
    (text.match(/.{0,40}(\bnull\b|\bundefined\b|\bNaN\b|\[object ).{0,40}/) || [])[0]);
  if (view === 'desk') {
    const t = await page.title();
    titles[label] = t;
    check(t && !t.startsWith('Theo dõi nhiệm vụ'), `${label} has a title of its own`, t);
  }
  await page.evaluate(axeSrc);
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, n: v.nodes.length, at: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe-core: no serious or critical violation on ${label} at ${w} px`, bad);
  await page.screenshot({ path: `${shots}/${size}-${label}-${w}.png`, fullPage: true });
}

try {
  // ---- The leader ------------------------------------------------------------------
  for (const view of ['desk', 'phone']) {
    const ctx = await context(view);
    const page = await login(ctx, 'vanphong', officePw);
    await drawn(page, '#unit-table tbody tr');
    const sum = await api(page, '/api/summary');
    if (view === 'desk') {
      const first = await page.$eval('#unit-table tbody tr', (tr) => ({ unit: tr.querySelector('td.unit-name').textContent,
        overdue: tr.querySelector('td[data-label="Quá hạn"]').textContent }));
      check(want.top_units.includes(first.unit) && first.unit === sum.units.rows[0].unit,
        'the first row of the overview is the directory unit with the most overdue work', [first, want.top_units]);
      check(first.overdue === new Intl.NumberFormat('vi-VN').format(want.top_overdue),
        'its overdue count is the database\'s, in Vietnamese format', [first.overdue, want.top_overdue]);
      const others = await page.$$eval('#other-table td.unit-name', (tds) => tds.map((t) => t.textContent));
      const dirNames = new Set((await api(page, '/api/units')).units.filter((u) => u.in_directory || u.is_group).map((u) => u.name));
      check(others.every((n) => !dirNames.has(n)) && others.length === sum.other_names.rows.length,
        'names outside the directory are listed apart', others);
      const mainNames = await page.$$eval('#unit-table td.unit-name', (tds) => tds.map((t) => t.textContent));
      check(mainNames.every((n) => dirNames.has(n)), 'the ranked table holds only directory units');
      const counts = await page.textContent('.lead');
      check(counts.includes(new Intl.NumberFormat('vi-VN').format(sum.counts.tasks) + ' nhiệm vụ') &&
        counts.includes(new Intl.NumberFormat('vi-VN').format(sum.counts.work_items)) && counts.includes('lượt việc'),
      'tasks and work items are counted and named apart', counts);
      const rate = await page.textContent('#rate-card');
      check(/\d,\d%/.test(rate) && rate.includes('mẫu số'), 'the overdue rate is in Vietnamese format and defined where shown', rate);
      const axes = await page.$$eval('#trend-overdue text', (ts) => ts.length);
      check(axes >= 12 * 2 + 5 && await page.$('#aging-chart rect') !== null,
        'the weekly trend and the aging chart have axes and values', axes);
      // Sorting: the first click on a count sorts most first, and says so.
      const th = page.locator('#unit-table th', { hasText: 'Quá hạn dài ngày' });
      check(await page.getAttribute('#unit-table th:first-child', 'aria-sort') === 'ascending', 'the rank column announces the initial order');
      await th.locator('button').click();
      const vals = await page.$$eval('#unit-table td[data-label="Quá hạn dài ngày"]', (tds) => tds.map((t) => +t.textContent.replace(/\./g, '')));
      check(await th.getAttribute('aria-sort') === 'descending' && vals.every((v, i) => !i || vals[i - 1] >= v),
        'the first click on a count sorts it most first and announces it', vals.slice(0, 5));
      if (sum.units.total > sum.units.rows.length) {
        await page.click('button.more');
        await page.waitForFunction((n) => document.querySelectorAll('#unit-table tbody tr').length > n, sum.units.rows.length);
        check(true, 'the rest of the ranked units load on demand');
      }
      await page.reload();
      await drawn(page, '#unit-table tbody tr');
    }
    await audit(page, 'overview', view);

    // The other pages, as the office sees them.
    const t1 = (await api(page, '/api/tasks?flag=recurring&per_page=200')).items;
    const rec = t1.find((it) => it.freq === 'quarterly') || t1.find((it) => it.freq === 'monthly') || t1[0];
    const pages = [['tasks', '/tasks', '#task-table'], ['tasks-recurring', '/tasks?flag=recurring', '#task-table'],
      ['task-recurring', '/tasks/' + rec.task_id, '#task-items'], ['notices', '/notices', 'main table'],
      ['notice', '/notices/' + rec.notice_id, '#source'], ['units', '/units', 'main table'],
      ['unit', '/units/' + want.unit_id, '#unit-items'], ['import', '/import', 'main form']];
    for (const [label, path, sel] of pages) {
      await page.goto(base + path);
      await drawn(page, sel);
      if (label === 'task-recurring' && view === 'desk') {
        const names = await page.$$eval('.period-name', (hs) => hs.map((x) => x.textContent));
        const re = /^(Tháng \d{1,2}\/\d{4}|Quý (I|II|III|IV)\/\d{4}|Tuần \d{1,2}\/\d{4}|Năm \d{4}|6 tháng (đầu|cuối) năm \d{4}|Ngày \d\d\/\d\d\/\d{4})$/;
        check(names.length > 1 && names.every((n) => re.test(n)), `a recurring (${rec.freq}) task shows its periods by name`, names.slice(0, 6));
        const folded = await page.$$eval('details.fold', (ds) => ds.map((d) => d.open));
        const current = await page.$$eval('.unit-periods > section.preview-task', (ss) => ss.length);
        check(folded.length > 0 && folded.every((o) => !o) && current > 0, 'past periods are folded, the current one is open', [folded.length, current]);
        check(!(await page.textContent('main')).includes('Thời hạn: không có'), 'a recurring task does not say it has no deadline');
      }
      if (label === 'tasks-recurring' && view === 'desk') {
        const per = await page.$$eval('#task-table .period', (ps) => ps.map((p) => p.textContent));
        const n = await page.$$eval('#task-table tbody tr', (trs) => trs.length);
        check(n > 0 && per.length === n, 'the "định kỳ" filter lists periods of recurring tasks, each named', [n, per.slice(0, 3)]);
      }
      await audit(page, label, view);
    }
    await ctx.close();
  }
  const ts = Object.values(titles);
  check(new Set(ts).size >= 6, 'the pages have different titles', titles);

  // ---- A unit ----------------------------------------------------------------------
  const uctx = await context('desk');
  const up = await login(uctx, unitLogin, unitPw);
  await up.waitForURL('**/units/' + want.unit_id);
  await drawn(up, '#unit-items');
  check(new URL(up.url()).pathname === '/units/' + want.unit_id && (await up.textContent('h1')) === want.unit,
    'a unit account lands on its own page', up.url());
  const total = +(await up.getAttribute('#result-count', 'data-total'));
  check(total === want.unit_items, 'the unit page counts all its work items', [total, want.unit_items]);
  // The attention order: due within 7 days, then overdue, then the rest.
  const bands = await up.$$eval('#unit-items tr.band th', (ths) => ths.map((t) => t.textContent));
  const order = ['Đến hạn trong 7 ngày tới', 'Quá hạn', 'Các việc khác'];
  check(bands.length > 0 && bands.every((b, i) => !i || order.indexOf(bands[i - 1]) < order.indexOf(b)),
    'the unit page shows work due within 7 days first, then overdue, then the rest', bands);
  // Page through everything, 200 a page.
  await up.selectOption('select[name=per_page]', '200');
  await redrawn(up, () => up.click('form.filters button[type=submit]'));
  const seen = new Set();
  let pagesSeen = 0;
  for (;;) {
    const ids = await up.$$eval('#unit-items tr[data-item]', (trs) => trs.map((t) => t.dataset.item));
    ids.forEach((i) => seen.add(i));
    pagesSeen++;
    const next = await up.$('.pager a[rel=next]');
    if (!next || pagesSeen > 200) break;
    await redrawn(up, () => next.click());
  }
  check(seen.size === total && pagesSeen === Math.ceil(total / 200),
    `a unit with ${total} work items pages through all of them (${pagesSeen} pages)`, [seen.size, total, pagesSeen]);
  if (size === 'big') check(total >= 1600, 'the large database has a unit with at least 1,600 work items', total);
  // The recurring filter on the unit page.
  await up.goto(base + '/units/' + want.unit_id + '?flag=recurring');
  await drawn(up, '#unit-items');
  const rrows = await up.$$eval('#unit-items tr[data-item]', (trs) => trs.map((t) => !!t.querySelector('.period')));
  check(rrows.length > 0 && rrows.every(Boolean), 'the unit page filters to its recurring work, periods named', rrows.length);
  // Grouped: each recurring task once, its periods counted.
  await up.goto(base + '/units/' + want.unit_id + '?group=task');
  await drawn(up, '#unit-items');
  const grouped = await up.$$eval('#unit-items tr[data-item]', (trs) => trs.map((t) => t.querySelector('.periods a')?.textContent || ''));
  const gtext = await up.textContent('#result-count');
  check(grouped.some((t) => /^Gộp [\d.]+ kỳ: /.test(t)) && /^Nhiệm vụ .* \(gồm [\d.]+ lượt việc\)$/.test(gtext),
    'the unit page groups a recurring task\'s periods into one row', [gtext, grouped.filter(Boolean).slice(0, 2)]);
  await audit(up, 'unit-grouped', 'desk');

  // Its calendar feed: made once, a second try says why not.
  await up.goto(base + '/units/' + want.unit_id);
  await drawn(up, '#unit-items');
  await up.click('button:has-text("Tạo địa chỉ lịch")');
  await up.waitForSelector('#feed-url');
  check(/\/feeds\/[A-Za-z0-9_-]{22}\.ics$/.test(await up.inputValue('#feed-url')), 'the unit page gives the unit its feed address');
  await up.click('button:has-text("Tạo địa chỉ lịch")');
  await up.waitForSelector('#feed-result .error');
  check((await up.textContent('#feed-result .error')).startsWith('Chưa lưu: Đơn vị đã có địa chỉ lịch'),
    'a second feed address is refused in Vietnamese, where the unit acted');

  // Feedback: report progress on its own work, then an extension that cannot be.
  const own = (await api(up, `/api/tasks?unit=${want.unit_id}&flag=open&per_page=1`)).items[0];
  await up.goto(base + `/tasks/${own.task_id}#item-${own.id}`);
  await drawn(up, '#task-items');
  const sec = up.locator(`#item-${own.id}`);
  await up.evaluate((id) => { const d = document.getElementById('item-' + id).closest('details'); if (d) d.open = true; }, own.id);
  await sec.locator('input[name=note]').first().fill('Đã họp triển khai, đang tổng hợp số liệu');
  await sec.locator('form[data-form=progress] button').click();
  await up.waitForSelector(`#item-${own.id} .msg .ok`);
  check((await up.textContent(`#item-${own.id} .msg .ok`)).startsWith('Đã lưu'), '"Báo cáo tiến độ" says "Đã lưu" where the unit acted');
  await up.evaluate((id) => { const d = document.getElementById('item-' + id).closest('details'); if (d) d.open = true; }, own.id);
  // A day before the deadline in force (typed dd/mm/yyyy, as the office
  // writes dates): the date rule accepts it, the server refuses it.
  const before = new Date(Date.parse((own.deadline || own.last_day) + 'T00:00:00Z') - 864e5).toISOString().slice(0, 10);
  await sec.locator('form input[name=date]').fill(before.slice(8, 10) + '/' + before.slice(5, 7) + '/' + before.slice(0, 4));
  await sec.locator('input[placeholder="Lý do gia hạn"]').fill('thử');
  await sec.locator('button', { hasText: 'Xin gia hạn' }).click();
  await up.waitForSelector(`#item-${own.id} .msg .error`);
  const why = await up.textContent(`#item-${own.id} .msg .error`);
  check(why === 'Chưa lưu: Hạn mới phải sau hạn đang áp dụng.', 'a refused action says why, in Vietnamese, where the unit acted', why);
  await up.screenshot({ path: `${shots}/${size}-unit-feedback-1366.png`, fullPage: false });
  await uctx.close();

  check(errors.length === 0, 'no script errors in the pages', errors);
} catch (e) {
  failed++;
  console.log('not ok - ' + size + ': browser run: ' + String(e).split('\n')[0]);
  console.log('#   ' + String(e.stack || e).slice(0, 800).replace(/\n/g, '\n#   '));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
