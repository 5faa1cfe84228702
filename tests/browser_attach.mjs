// browser_attach.mjs - issue 16's unit and office workflows in headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core):
//  - a unit reports progress with a percentage: a bar (role progressbar,
//    its value) on the task, in the task list and on the unit's page;
//  - it reports done through the dialog: the day defaults to today, a day in
//    the future is refused at the date field with the message table's words,
//    then a PDF goes with the report after a confirmation;
//  - the unit and the office see the document on the task and download it
//    byte-identical;
//  - the office saves a filtered list as a view, reloads, reopens it: the
//    filters and the count come back;
//  - the overview's figures open lists of that many rows;
//  - axe-core finds no serious or critical violation with the dialog open.
// Usage: node browser_attach.mjs BASE PDF TMPDIR SHOTS
// Prints TAP lines for tests/run.sh.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { chromium } from 'playwright-core';

const [base, pdfPath, tmp, shots] = process.argv.slice(2);
const axeSrc = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
// The one message table, as the server words its refusals.
const MSG = Object.fromEntries([...readFileSync(new URL('../tracker/core/msg.c', import.meta.url), 'utf8')
  .matchAll(/\{"([a-z_]+)", "((?:[^"\\]|\\.)*)"\}/g)].map((m) => [m[1], m[2].replace(/\\"/g, '"')]));
const sha = (b) => createHash('sha256').update(b).digest('hex');
const pdf = readFileSync(pdfPath);
let failed = 0;
function check(cond, name, detail) {
  if (cond) console.log('ok - ' + name);
  else { failed++; console.log('not ok - ' + name); if (detail !== undefined) console.log('#   ' + JSON.stringify(detail).slice(0, 800)); }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const errors = [];
async function login(who, pw) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', acceptDownloads: true });
  ctx.setDefaultTimeout(30000);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(base + '/login');
  await page.fill('input[name=login]', who);
  await page.fill('input[name=password]', pw);
  await page.click('button[type=submit]');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { ctx, page };
}
const api = (page, path) => page.evaluate(async (p) => (await fetch(p)).json(), path);
async function drawn(page, sel) {
  await page.waitForSelector(sel || 'main h1');
  await page.waitForFunction(() => !document.querySelector('main').textContent.includes('Đang tải'));
}
async function axe(page, label) {
  await page.evaluate(axeSrc);
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, at: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe-core: no serious or critical violation on ${label}`, bad);
}
// Clicks a download link and returns the bytes and the suggested name.
async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const path = `${tmp}/dl-${Date.now()}`;
  await dl.saveAs(path);
  return { bytes: readFileSync(path), name: dl.suggestedFilename() };
}
// The list's count once a new drawing replaced the old one.
async function listTotal(page) {
  await drawn(page, '#result-count');
  return +(await page.getAttribute('#result-count', 'data-total'));
}

try {
  // ---- The unit: progress, then done with a document -------------------------------------
  const unit = await login('sonv', 'mat-khau-so-noi-vu');
  const up = unit.page;
  await drawn(up, '#unit-items');
  const me = await api(up, '/api/session');
  const open = (await api(up, `/api/tasks?unit=${me.user.unit_id}&flag=open&per_page=200`)).items
    .filter((it) => !it.freq && it.notice_date && it.state === 'open');
  const own = open[0];
  await up.goto(base + `/tasks/${own.task_id}#item-${own.id}`);
  await drawn(up, '#task-items');
  const sec = up.locator(`#item-${own.id}`);
  await sec.locator('form[data-form=progress] input[name=note]').fill('Đã xong phần lớn, đang hoàn thiện báo cáo');
  await sec.locator('form[data-form=progress] input[name=percent]').fill('60');
  await sec.locator('form[data-form=progress] button').click();
  await up.waitForSelector(`#item-${own.id} .msg .ok`);
  const bar = await up.$eval(`#item-${own.id} progress`, (p) => ({ v: p.value, max: p.max, role: p.getAttribute('role') || 'progressbar', label: p.getAttribute('aria-label') }));
  check(bar.v === 60 && bar.max === 100 && bar.label === 'Tiến độ 60%', 'the task shows the reported 60% as a progress bar', bar);
  const role = await up.evaluate((id) => {
    const p = document.querySelector(`#item-${id} progress`);
    return p && p.matches('progress') ? 'progressbar' : null;
  }, own.id);
  check(role === 'progressbar', 'the bar is a native <progress> (role progressbar)');

  await up.goto(base + `/tasks?unit=${me.user.unit_id}&flag=open&per_page=200`);
  await drawn(up, '#task-table');
  const inList = await up.$eval(`#task-table tr[data-item="${own.id}"] progress`, (p) => p.value).catch(() => null);
  check(inList === 60, 'the task list shows the bar on its row', inList);
  await up.goto(base + `/units/${me.user.unit_id}?per_page=200`);
  await drawn(up, '#unit-items');
  const onUnit = await up.$eval(`#unit-items tr[data-item="${own.id}"] progress`, (p) => p.value).catch(() => null);
  check(onUnit === 60, "the unit's page shows the bar on its row", onUnit);

  await up.goto(base + `/tasks/${own.task_id}#item-${own.id}`);
  await drawn(up, '#task-items');
  await sec.locator('button[data-action=done]').click();
  await up.waitForSelector('dialog.done-dialog[open]');
  const date = up.locator('dialog.done-dialog input[name=date]');
  check(await date.inputValue() === '23/11/2026', 'the dialog asks for the day done, today by default (dd/mm/yyyy)', await date.inputValue());
  await axe(up, 'the task with the report dialog open');
  await up.screenshot({ path: `${shots}/attach-dialog-1366.png` });
  // A day in the future: the server refuses it, shown at the field.
  await date.fill('24/11/2026');
  await up.click('dialog.done-dialog button[type=submit]');
  await up.waitForSelector('#done-confirm-yes');
  await up.click('#done-confirm-yes');
  await up.waitForSelector('dialog.done-dialog input[name=date][aria-invalid=true]');
  const err = await up.evaluate(() => {
    const i = document.querySelector('dialog.done-dialog input[name=date]');
    return document.getElementById(i.getAttribute('aria-describedby').split(' ').pop()).textContent;
  });
  check(err === MSG.done_in_future, 'a day in the future is refused at the date field, in the table\'s words', [err, MSG.done_in_future]);
  check((await api(up, `/api/tasks/${own.task_id}`)).items.find((i) => i.id === own.id).state === 'open', 'and nothing was reported');
  await date.fill('22/11/2026');
  await up.fill('dialog.done-dialog textarea[name=note]', 'Đã trình UBND tỉnh, gửi kèm báo cáo');
  await up.setInputFiles('dialog.done-dialog input[type=file]', pdfPath);
  await up.click('dialog.done-dialog button[type=submit]');
  await up.waitForSelector('#done-confirm-q');
  const q = await up.textContent('#done-confirm-q');
  check(q.includes('22/11/2026') && q.includes(basename(pdfPath)), 'it asks for confirmation, naming the day and the file', q);
  // "Quay lại" sends nothing.
  await up.click('#done-confirm-no');
  check((await api(up, `/api/tasks/${own.task_id}`)).items.find((i) => i.id === own.id).state === 'open', '"Quay lại" sends nothing');
  await up.click('dialog.done-dialog button[type=submit]');
  await up.click('#done-confirm-yes');
  await up.waitForSelector(`#item-${own.id} .msg .ok`);
  check(!(await up.$('dialog.done-dialog')), 'the dialog closes once the report is saved');
  const after = (await api(up, `/api/tasks/${own.task_id}`));
  const it = after.items.find((i) => i.id === own.id);
  check(it.state === 'reported' && it.reported_on === '2026-11-22', 'the work is reported done on the day given', it);
  const link = up.locator(`#item-${own.id} .attachments a`);
  check(await link.count() === 1 && (await link.textContent()) === basename(pdfPath), 'the unit sees its document on the task', await link.count());
  const mine = await download(up, link.first());
  check(sha(mine.bytes) === sha(pdf) && mine.name === basename(pdfPath), 'the unit downloads it byte-identical, under its name', [mine.name, mine.bytes.length]);
  const hist = await up.$$eval('main ul li', (lis) => lis.map((l) => l.textContent));
  check(hist.some((h) => h.includes('báo cáo hoàn thành ngày 22/11/2026') && h.includes(basename(pdfPath))), 'the history names the document', hist.slice(0, 3));
  await unit.ctx.close();

  // ---- The office: the document, saved views, the overview's links -------------------------------
  const office = await login('khoa', 'mat-khau-van-phong');
  const op = office.page;
  await op.goto(base + `/tasks/${own.task_id}#item-${own.id}`);
  await drawn(op, '#task-items');
  const olink = op.locator(`#item-${own.id} .attachments a`);
  check(await olink.count() === 1, 'the office sees the document on the task');
  const got = await download(op, olink.first());
  check(sha(got.bytes) === sha(pdf), 'the office downloads it byte-identical', got.bytes.length);
  check(await op.$eval(`#item-${own.id}`, (s) => s.textContent.includes('Chờ xác nhận')), 'and sees the work awaiting its confirmation');

  // A saved view: filter, save, reload, reopen.
  await op.goto(base + '/tasks');
  await drawn(op, '#task-table');
  await op.selectOption('select[name=unit]', String(me.user.unit_id));
  await op.selectOption('select[name=status]', 'overdue');
  await op.evaluate(() => { document.querySelector('#task-table').dataset.stale = '1'; });
  await op.click('form.filters button[type=submit]');
  await op.waitForSelector('#task-table:not([data-stale])');
  const want = await listTotal(op);
  await op.fill('input[name=view-name]', 'Quá hạn của Sở Nội vụ');
  await op.click('#save-view');
  await op.waitForSelector('#saved-views li[data-view]');
  await op.goto(base + '/tasks');
  await drawn(op, '#saved-views li[data-view]');
  const all = await listTotal(op);
  await op.reload();
  await drawn(op, '#saved-views li[data-view]');
  await op.evaluate(() => { document.querySelector('#task-table').dataset.stale = '1'; });
  await op.click('#saved-views a:has-text("Quá hạn của Sở Nội vụ")');
  await op.waitForSelector('#task-table:not([data-stale])');
  const reopened = await listTotal(op);
  const url = new URL(op.url());
  const sel = { unit: await op.inputValue('select[name=unit]'), status: await op.inputValue('select[name=status]') };
  check(url.searchParams.get('status') === 'overdue' && url.searchParams.get('unit') === String(me.user.unit_id) &&
    sel.unit === String(me.user.unit_id) && sel.status === 'overdue' && reopened === want && want > 0 && want < all,
  'a saved view survives a reload and reopens the list with its filters', [url.search, sel, reopened, want, all]);
  await axe(op, 'the task list with its saved views');

  // The overview's figures open the lists they count.
  const links = [['#overdue-parts a[href*=long_overdue]', 'long overdue'], ['#overdue-parts a[href*=recurring]', 'overdue periods of recurring tasks'],
    ['a.card[href="/tasks?status=overdue"]', 'the overdue card'], ['#total a', 'every work item'],
    ['#unit-table tbody tr:first-child td[data-label="Quá hạn"] a', "the first unit's overdue work"]];
  // Each aging bucket that holds work opens its list.
  await op.goto(base + '/');
  await drawn(op, '#aging-links a');
  const buckets = await op.$$eval('#aging-links a', (as) => as.filter((a) => +a.dataset.n > 0).map((a) => a.dataset.bucket));
  check(buckets.length >= 2, 'at least two aging buckets hold work on this data', buckets);
  for (const b of buckets) links.push([`#aging-links a[data-bucket="${b}"]`, `overdue work of ${b}`]);
  for (const [selector, what] of links) {
    await op.goto(base + '/');
    await drawn(op, '#unit-table tbody tr');
    const a = op.locator(selector).first();
    const n = +((await a.getAttribute('data-n')) ?? (await a.textContent()).replace(/\./g, ''));
    await a.click();
    await op.waitForURL((u) => u.pathname === '/tasks');
    const total = await listTotal(op);
    check(n > 0 && total === n, `the overview's figure for ${what} opens a list of that many rows`, [selector, n, total, op.url()]);
  }
  await office.ctx.close();
  check(errors.length === 0, 'no script errors in the pages', errors);
} catch (e) {
  failed++;
  console.log('not ok - browser run: ' + String(e).split('\n')[0]);
  console.log('#   ' + String(e.stack || e).slice(0, 800).replace(/\n/g, '\n#   '));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
