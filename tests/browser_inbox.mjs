// browser_inbox.mjs - the office's inbox in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core), as the clerk uses it:
//  - a unit asks for an extension of one period and reports another done,
//    with the task page's own buttons (the report's dialog, today's date,
//    the meeting's minutes as a PDF);
//  - the office sees both counts in its navigation and the document on the
//    reported work, opens "Hộp việc",
//    approves the request with a note and returns the report with a note
//    (the dialog refuses a return without one);
//  - the unit logs in and reads both notes on its own page;
//  - the office selects 20 past periods on the task list ("select all" on
//    a page of 20) and closes them in one action: one dialog naming how
//    many, one request;
//  - the unit reports 20 periods of another monthly report done, and the
//    office confirms all 20 from its inbox in one action;
//  - axe-core finds no serious or critical violation on the inbox, with
//    and without the dialog open.
// Usage: node browser_inbox.mjs BASE OFFICE_PW UNIT_LOGIN UNIT_PW SHOTS
// Prints TAP lines for tests/run.sh.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base, officePw, unitLogin, unitPw, shots] = process.argv.slice(2);
const axeSrc = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
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
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  ctx.setDefaultTimeout(60000);
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
const MINUTES = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
async function axe(page, label) {
  await page.evaluate(axeSrc);
  const res = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, at: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  const bad = res.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0, `axe-core: no serious or critical violation on ${label}`, bad);
  await page.screenshot({ path: `${shots}/inbox-${label.replace(/\W+/g, '-')}-1366.png`, fullPage: true });
}

try {
  // ---- The unit asks and reports -----------------------------------------------------
  let up = await login(unitLogin, unitPw);
  const me = (await api(up, '/api/session')).user;
  // The monthly report on the organisation (periodic.txt); archives.txt's
  // periods wait for the bulk confirmation at the end.
  const mine = (await api(up, `/api/tasks?unit=${me.unit_id}&per_page=200`)).items.filter((it) => it.text.includes('tổ chức bộ máy'));
  const ext = mine.find((it) => it.state === 'open' && it.days_left !== null && it.days_left >= 0);
  const rep = mine.find((it) => it.state === 'open' && it.status === 'overdue');
  check(ext && rep && ext.task_id === rep.task_id, 'the unit has a period under way and a past one open', { ext, rep });

  await up.goto(`${base}/tasks/${ext.task_id}#item-${ext.id}`);
  await up.waitForSelector(`#item-${ext.id} button[data-action=extend]`);
  await up.evaluate((id) => { const d = document.getElementById('item-' + id).closest('details'); if (d) d.open = true; }, ext.id);
  const sec = up.locator(`#item-${ext.id}`);
  await sec.locator('input[name=date]').fill('20/12/2026');
  await sec.locator('input[placeholder="Lý do gia hạn"]').fill('Chờ số liệu của các huyện');
  await sec.locator('button[data-action=extend]').click();
  await up.waitForSelector(`#item-${ext.id} .msg .ok`);
  check((await up.textContent(`#item-${ext.id} .msg .ok`)).includes('đề nghị gia hạn'), 'the unit asks for an extension on the task page');

  await up.goto(`${base}/tasks/${rep.task_id}#item-${rep.id}`);
  await up.waitForSelector(`#item-${rep.id} button[data-action=done]`);
  await up.evaluate((id) => { const d = document.getElementById('item-' + id).closest('details'); if (d) d.open = true; }, rep.id);
  await up.locator(`#item-${rep.id} button[data-action=done]`).click();
  // With the meeting's minutes as its document (a PDF, checked by content).
  await up.setInputFiles('dialog.done-dialog input[type=file]',
    { name: 'bien-ban-hop.pdf', mimeType: 'application/pdf', buffer: Buffer.from(MINUTES) });
  await up.click('dialog.done-dialog button[type=submit]');
  await up.click('#done-confirm-yes');
  await up.waitForSelector(`#item-${rep.id} .msg .ok`);
  check((await up.textContent(`#item-${rep.id} .msg .ok`)).includes('hoàn thành'), 'and reports a past period done');
  await up.context().close();

  // ---- The office decides ---------------------------------------------------------------
  const op = await login('vanphong', officePw);
  await op.waitForSelector('#nav-inbox .nav-count[data-kind=extension]');
  const counts = await op.$$eval('#nav-inbox .nav-count', (els) => Object.fromEntries(els.map((e) => [e.dataset.kind, e.dataset.n])));
  check(counts.confirm === '1' && counts.extension === '1', 'the office sees both counts in its navigation', counts);
  {
    const t = await api(op, '/api/tasks/' + rep.task_id);
    const att = (t.attachments || []).filter((a) => a.item === rep.id);
    check(att.length === 1 && att[0].name === 'bien-ban-hop.pdf' && att[0].type === 'application/pdf' && att[0].size === MINUTES.length,
      'the report came with its document, kept as sent', att);
    await op.goto(`${base}/tasks/${rep.task_id}#item-${rep.id}`);
    await op.waitForSelector(`#item-${rep.id}`);
    const link = op.locator(`#item-${rep.id} ul.attachments a`);
    check(await link.count() === 1 && (await link.getAttribute('href')) === att[0]?.url,
      'the office sees the document on the reported work, as a download', await link.count());
  }
  const named = await op.getByRole('link', { name: 'Hộp việc 1 chờ xác nhận 1 xin gia hạn', exact: true }).count();
  check(named === 1, 'the counts are said in words to a screen reader', named);

  await op.click('#nav-inbox');
  await op.waitForSelector('#inbox-extension button[data-action=approve]');
  check(await op.title() === 'Hộp việc — Theo dõi nhiệm vụ — Văn phòng UBND', 'the inbox has its title', await op.title());
  const extRow = await op.textContent('#inbox-extension tbody tr');
  check(extRow.includes('20/12/2026') && extRow.includes('Chờ số liệu của các huyện'), 'the request shows the day asked and the reason', extRow);
  await axe(op, 'inbox');

  await op.click('#inbox-extension button[data-action=approve]');
  await op.waitForSelector('dialog.decision[open]');
  await axe(op, 'inbox with the decision dialog');
  await op.fill('#decision-note', 'Đồng ý, không gia hạn thêm');
  await op.click('#decision-ok');
  await op.waitForSelector('#inbox-flash');
  check((await op.textContent('#inbox-flash')).includes('Đã duyệt gia hạn'), 'approving with a note says so', await op.textContent('#inbox-flash'));
  check(await op.textContent('#inbox-extension .count') === '(0)', 'the request left the list');

  await op.click('#inbox-confirm button[data-action=reopen]');
  await op.waitForSelector('dialog.decision[open]');
  await op.click('#decision-ok');
  const need = await op.textContent('dialog.decision .error');
  check(need.includes('lý do') && await op.$('dialog.decision[open]'), 'returning without a note is stopped in the dialog', need);
  await op.fill('#decision-note', 'Thiếu biên bản họp');
  await op.click('#decision-ok');
  await op.waitForFunction(() => (document.getElementById('inbox-flash') || {}).textContent === 'Đã trả lại.');
  check(await op.textContent('#inbox-returned .count') === '(1)', 'the returned work waits in its own list');
  const nav = await op.$$eval('#nav-inbox .nav-count', (els) => els.map((e) => e.dataset.kind + ':' + e.dataset.n));
  check(nav.join(' ') === 'returned:1', 'the navigation counts follow', nav);

  // ---- The unit reads the notes ---------------------------------------------------------------
  up = await login(unitLogin, unitPw);
  await up.waitForSelector('#unit-items tbody tr');
  const notes = await up.$$eval('#unit-items .decision-note', (els) => els.map((e) => e.textContent));
  check(notes.some((n) => n.includes('duyệt gia hạn') && n.includes('Đồng ý, không gia hạn thêm')) &&
        notes.some((n) => n.includes('trả lại') && n.includes('Thiếu biên bản họp')),
  'the unit sees both notes of the office on its page', notes);
  await up.goto(`${base}/tasks/${rep.task_id}#item-${rep.id}`);
  await up.waitForSelector(`#item-${rep.id} .decision-note`);
  check((await up.textContent(`#item-${rep.id} .decision-note`)).includes('Thiếu biên bản họp'), 'and on the task');
  check(!(await up.$('button[data-action=grant]')) && !(await up.$('button[data-action=reopen]')), 'a unit has no office buttons on the task');
  await up.goto(`${base}/inbox`);
  await up.waitForSelector('#inbox-returned tbody tr').catch(async (e) => { console.log('# ' + (await up.evaluate(() => document.querySelector('main').innerText)).slice(0, 600).replace(/\n/g, ' | ')); throw e; });
  check(await up.textContent('#inbox-returned .count') === '(1)' && !(await up.$('#inbox-returned button, #inbox-returned input[type=checkbox]')),
    "a unit's inbox lists its returned work, without the office's buttons");
  await up.context().close();

  // ---- The inbox on a phone -----------------------------------------------------------------
  {
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'vi-VN' });
    ctx.setDefaultTimeout(60000);
    const ph = await ctx.newPage();
    ph.on('pageerror', (e) => errors.push(String(e)));
    await ph.goto(base + '/login');
    await ph.fill('input[name=login]', 'vanphong');
    await ph.fill('input[name=password]', officePw);
    await ph.click('button[type=submit]');
    await ph.waitForURL((u) => !u.pathname.startsWith('/login'));
    await ph.goto(base + '/inbox');
    await ph.waitForSelector('#inbox-returned tbody tr');
    const wide = await ph.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(wide <= 1, 'the inbox at 390 px is not wider than the screen', wide);
    await axe(ph, 'inbox on a phone');
    await ctx.close();
  }

  // ---- The office closes 20 past periods at once -----------------------------------------------
  let bulkPosts = 0;
  op.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/items/bulk')) bulkPosts++; });
  // The organisation report's past periods (its 22 but the two above).
  await op.goto(`${base}/tasks?unit=${me.unit_id}&status=overdue&q=${encodeURIComponent('tổ chức bộ máy')}&per_page=20`);
  await op.waitForSelector('#task-table tbody tr td.pick input');
  const rows = await op.$$eval('#task-table tbody tr[data-item]', (trs) => trs.map((t) => +t.dataset.item));
  check(rows.length === 20, 'a page of 20 past periods', rows.length);
  await op.check('#select-all-task-table');
  check(await op.textContent('.bulk-count') === 'Đã chọn 20 việc', 'select all checks the 20 on the page', await op.textContent('.bulk-count'));
  await op.click('button[data-bulk=close]');
  await op.waitForSelector('dialog.decision[open]');
  const q = await op.textContent('#decision-q');
  check(q === 'Đóng việc (đã xong) 20 việc đã chọn?', 'one confirmation names how many', q);
  await op.fill('#decision-note', 'Các kỳ đã báo cáo bằng văn bản giấy');
  await op.click('#decision-ok');
  await op.waitForSelector('.bulk .ok, .bulk .error, main > .msg .ok');
  const said = await op.textContent('main');
  check(said.includes('Đã đóng 20 việc.'), 'the list says 20 were closed', said.slice(0, 300));
  check(bulkPosts === 1, 'in one request', bulkPosts);
  const after = (await api(op, `/api/tasks?unit=${me.unit_id}&per_page=200`)).items.filter((it) => rows.includes(it.id));
  check(after.length === 20 && after.every((it) => it.state === 'done' && it.decision && it.decision.kind === 'closed'),
    'the 20 are done, closed by the office', after.map((it) => it.state));

  // ---- The unit reports 20 periods done; the office confirms them at once ----------------------
  up = await login(unitLogin, unitPw);
  const open20 = (await api(up, `/api/tasks?unit=${me.unit_id}&status=overdue&per_page=200`)).items
    .filter((it) => it.state === 'open' && it.text.includes('văn thư, lưu trữ')).slice(0, 20);
  const reported = await up.evaluate(async (items) => {
    const s = await (await fetch('/api/session')).json();
    let ok = 0;
    for (const it of items) {
      const r = await fetch(`/api/tasks/${it.task_id}/done`, { method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
        body: JSON.stringify({ item: it.id, date: it.deadline }) });
      if (r.status === 200) ok++;
    }
    return ok;
  }, open20);
  check(open20.length === 20 && reported === 20, 'the unit reports 20 past periods done', [open20.length, reported]);
  await up.context().close();
  bulkPosts = 0;
  await op.goto(`${base}/inbox`);
  await op.waitForSelector('#inbox-confirm table tbody tr');
  check(await op.getAttribute('#inbox-confirm .count', 'data-n') === '20', 'the inbox counts 20 reports to confirm',
    await op.textContent('#inbox-confirm .count'));
  await op.check('#inbox-confirm input[id^=select-all]');
  check(await op.textContent('#inbox-confirm .bulk-count') === 'Đã chọn 20 việc', 'select all checks the 20 reports',
    await op.textContent('#inbox-confirm .bulk-count'));
  await op.click('#inbox-confirm button[data-bulk=confirm]');
  await op.waitForSelector('dialog.decision[open]');
  const cq = await op.textContent('#decision-q');
  check(cq.includes('20 việc'), 'one confirmation names how many', cq);
  await op.click('#decision-ok');
  await op.waitForFunction(() => document.querySelector('#inbox-confirm .count')?.dataset.n === '0', null, { timeout: 20000 });
  check(bulkPosts === 1, 'the 20 are confirmed in one request', bulkPosts);
  const confirmed = (await api(op, `/api/tasks?unit=${me.unit_id}&per_page=200&all_periods=1`)).items
    .filter((it) => open20.some((o) => o.id === it.id));
  check(confirmed.length === 20 && confirmed.every((it) => it.state === 'done' && it.decision && it.decision.kind === 'confirmed'),
    'the 20 are done, confirmed by the office', confirmed.map((it) => it.state));
  check(errors.length === 0, 'no script errors in the pages', errors);
} catch (e) {
  failed++;
  console.log('not ok - the inbox workflow ran to its end');
  console.log('#   ' + String(e && e.stack || e).slice(0, 1500).replace(/\n/g, '\n#   '));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
