// browser_check.mjs - the dashboard in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core): log in, import a notice
// through the import page, correct an owner, save, find its tasks by a
// search without diacritics, mark one done, confirm it, and see the
// overview counts change.  Also: notice text with <script> and HTML stays
// inert, the phone layout does not overflow, and headers sort by keyboard.
// Usage: node browser_check.mjs BASE_URL PASSWORD SCREENSHOT_DIR
// Prints TAP lines for tests/run.sh.
import { chromium } from 'playwright-core';

const [base, password, shots] = process.argv.slice(2);
let failed = 0;
function check(cond, name, detail) {
  if (cond) console.log('ok - ' + name);
  else { failed++; console.log('not ok - ' + name); if (detail !== undefined) console.log('#   ' + JSON.stringify(detail).slice(0, 500)); }
}

const NOTICE = `ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
Số: 777/TB-UBND
Cao Bằng, ngày 12 tháng 11 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch UBND tỉnh về rà soát thủ tục

1. Giao Sở Tư pháp chủ trì rà soát quy chế phối hợp <script>window.__xss=1</script> và <img src=x onerror="window.__xss=2">, báo cáo UBND tỉnh trước ngày 10/11/2026.
2. Giao Sở Tài chính tổng hợp kinh phí đôn đốc triển khai, hoàn thành chậm nhất ngày 30/12/2026.

Nơi nhận:
- Như trên;
CHỦ TỊCH
Nguyễn Văn B
`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const errors = [];
try {
  const ctx = await browser.newContext({ locale: 'vi-VN' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => { errors.push('dialog: ' + d.message()); d.dismiss(); });

  await page.goto(base + '/');
  await page.waitForURL('**/login');
  check(true, 'an anonymous visit goes to the login page');
  await page.fill('input[name=login]', 'vanphong');
  await page.fill('input[name=password]', 'wrong password');
  await page.click('button[type=submit]');
  await page.waitForSelector('.error');
  check((await page.textContent('.error')).includes('Sai tên đăng nhập hoặc mật khẩu'), 'a wrong password shows an error');
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('#total');
  check(true, 'logging in shows the overview');
  const totalBefore = +(await page.getAttribute('#total', 'data-n'));
  const doneCard = async () => {
    const cards = await page.$$eval('.card', (cs) => cs.map((c) => [c.textContent, c.dataset.n]));
    const n = (label) => +(cards.find(([t]) => t.includes(label)) || [0, 0])[1];
    return n('Hoàn thành đúng hạn') + n('Hoàn thành quá hạn');
  };
  const doneBefore = await doneCard();
  check(await page.$('svg.chart rect') !== null, 'the overview draws SVG charts');
  await page.screenshot({ path: shots + '/overview.png', fullPage: true });

  // Sort the per-unit table from the keyboard.
  const th = page.locator('#unit-table th', { hasText: 'Đơn vị' }).first();
  await th.locator('button').focus();
  await page.keyboard.press('Enter');
  check(await th.getAttribute('aria-sort') === 'ascending', 'a table header sorts with the keyboard');
  const names = await page.$$eval('#unit-table tbody tr td.unit-name', (tds) => tds.map((t) => t.textContent));
  check(names.length > 2 && names.every((n, i) => i === 0 || names[i - 1].localeCompare(n, 'vi') <= 0),
    'the unit table is sorted by name', names.slice(0, 5));

  // Import: paste, parse, correct an owner, save.
  await page.click('#nav a[href="/import"]');
  await page.fill('#import-text', NOTICE);
  await page.click('button[type=submit]');
  await page.waitForSelector('.preview-task');
  const previews = await page.$$('.preview-task');
  check(previews.length === 2, 'the import page shows the parsed tasks', previews.length);
  const owner0 = await page.inputValue('.preview-task[data-index="0"] input[name=owners]');
  check(owner0 === 'Sở Tư pháp', 'the parser found the owner', owner0);
  await page.fill('.preview-task[data-index="0"] input[name=owners]', 'Sở Nội vụ');
  await page.click('#save-notice');
  // Task 1's deadline (10/11/2026) is already past: saving asks once.
  await page.click('#confirm-yes');
  await page.waitForSelector('#save-msg .ok');
  check(true, 'saving the corrected notice succeeds');
  await page.click('#save-msg .ok a');
  await page.waitForSelector('#source mark');
  const marks = await page.$$('#source mark');
  check(marks.length === 2, 'the notice page highlights both tasks in the original text', marks.length);
  const owners = await page.$$eval('#notice-tasks tbody tr td:nth-child(3)', (tds) => tds.map((t) => t.textContent));
  check(owners[0] === 'Sở Nội vụ', 'the stored task has the corrected owner', owners);
  const srcText = await page.textContent('#source');
  check(srcText.includes('<script>window.__xss=1</script>') && srcText.includes('<img src=x'),
    'markup in a notice is shown as text');
  check(await page.evaluate(() => window.__xss === undefined) && (await page.$$('#source script, #source img')).length === 0,
    'markup in a notice stays inert (no script ran, no element made)');
  await page.screenshot({ path: shots + '/notice.png', fullPage: true });

  // Search without diacritics, typed into the task list's search box.  The
  // old table is marked first, so the check waits for the new results.
  async function search(q) {
    await page.evaluate(() => { const t = document.querySelector('#task-table'); if (t) t.dataset.stale = '1'; });
    await page.fill('input[name=q]', q);
    await page.click('form.filters button[type=submit]');
    await page.waitForSelector('#task-table:not([data-stale])');
  }
  await page.click('#nav a[href="/tasks"]');
  await page.waitForSelector('#task-table');
  await search('ra soat quy che phoi hop');
  const rows = await page.$$eval('#task-table tbody tr', (trs) => trs.map((t) => t.textContent));
  check(rows.length === 1 && rows[0].includes('rà soát quy chế phối hợp') && rows[0].includes('Sở Nội vụ'),
    'a search without diacritics finds the new task', rows);
  await search('don doc trien khai');
  const rows2 = await page.$$eval('#task-table tbody tr', (trs) => trs.map((t) => t.textContent));
  check(rows2.some((r) => r.includes('đôn đốc triển khai')), "'don doc' finds 'đôn đốc' (đ folded)", rows2.length);

  // Mark the first task done, then confirm it.
  await search('ra soat quy che phoi hop');
  await page.click('#task-table tbody tr a');
  await page.waitForSelector('button[data-action=done]');
  await page.click('button[data-action=done]');
  // The report is a dialog (day, note, document) with a confirmation.
  await page.click('dialog.done-dialog button[type=submit]');
  await page.click('#done-confirm-yes');
  await page.waitForSelector('button[data-action=confirm]');
  check((await page.textContent('main')).includes('Chờ xác nhận'), 'reported work shows "Chờ xác nhận"');
  await page.click('button[data-action=confirm]');
  await page.waitForFunction(() => !document.querySelector('button[data-action=confirm]') &&
    document.querySelector('main').textContent.includes('Hoàn thành ngày'));
  check(true, 'the office confirms it');
  const hist = await page.$$eval('main ul li', (lis) => lis.map((l) => l.textContent));
  check(hist.some((h) => h.includes('xác nhận hoàn thành')) && hist.some((h) => h.includes('báo cáo hoàn thành')),
    'the history lists both actions, as Vietnamese sentences', hist.slice(0, 4));

  await page.click('#nav a[href="/"]');
  await page.waitForSelector('#total');
  const totalAfter = +(await page.getAttribute('#total', 'data-n'));
  const doneAfter = await doneCard();
  check(totalAfter === totalBefore + 2, 'the overview counts the two new tasks', [totalBefore, totalAfter]);
  check(doneAfter === doneBefore + 1, 'the overview counts one more done', [doneBefore, doneAfter]);
  await page.screenshot({ path: shots + '/overview-after.png', fullPage: true });

  // A unit's page: its work and its calendar subscription links.
  await page.click('#nav a[href="/units"]');
  await page.click('text=Sở Nội vụ');
  await page.waitForSelector('text=Lịch nhắc hạn');
  await page.click('button:has-text("Tạo địa chỉ lịch")');
  await page.waitForSelector('#feed-url');
  const feedUrl = await page.inputValue('#feed-url');
  const links = await page.$$eval('#feed-result a', (as) => as.map((a) => a.href));
  check(/\/feeds\/[A-Za-z0-9_-]{22}\.ics$/.test(feedUrl) && links.some((h) => h.startsWith('webcal://')) &&
    links.some((h) => h.startsWith('https://calendar.google.com/')), 'the unit page gives its feed and subscription links', [feedUrl, links]);
  const ics = await page.evaluate(async (u) => (await fetch(u)).text(), feedUrl);
  check(ics.startsWith('BEGIN:VCALENDAR') && ics.includes('Sở Nội vụ'), 'the feed address serves the calendar');
  await page.screenshot({ path: shots + '/unit.png', fullPage: true });

  // Phone: nothing wider than the screen but scrollable tables.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.addCookies(await ctx.cookies());
  const p2 = await phone.newPage();
  await p2.goto(base + '/tasks');
  await p2.waitForSelector('#task-table');
  const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, 'the task list fits a phone screen', overflow);
  await p2.screenshot({ path: shots + '/phone-tasks.png' });
  await phone.close();

  // Logout.
  await page.click('#who button');
  await page.waitForURL('**/login');
  check(true, 'logout returns to the login page');
  check(errors.length === 0, 'no script errors in the page', errors);
} catch (e) {
  failed++;
  try { console.log('#   page: ' + (await browser.contexts()[0].pages()[0].textContent('main')).slice(0, 600)); } catch (e2) { /* none */ }
  console.log('not ok - browser run: ' + String(e).split('\n')[0]);
  console.log('#   ' + String(e.stack || e).slice(0, 800).replace(/\n/g, '\n#   '));
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
