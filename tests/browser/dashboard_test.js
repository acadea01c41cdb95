// The dashboard as a person uses it: Debian's Chromium (headless) signs in with an officer's
// token, reads this year's figure, opens a transfer and its inclusion proof, the monitor's alerts
// and a dataset's lineage graph, and checks that an auditor cannot start a transfer (403 from the
// server, not a hidden button). Screenshots go to $XB_SCREENSHOT_DIR (default:
// <build>/screenshots).
//
// Usage: node dashboard_test.js --xborder BUILD/xborder --source SOURCE_DIR
// Exit: 0 all checks passed; 1 a check failed; 77 skipped (XB_SKIP_BROWSER_TEST=1 and no
// Chromium); 2 setup failed.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? acc.concat([[a.slice(2), all[i + 1]]]) : acc), []));
const XBORDER = path.resolve(args.xborder);
const SOURCE = path.resolve(args.source);
const CHROMIUM = process.env.XB_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.XB_SCREENSHOT_DIR || path.join(path.dirname(XBORDER), 'screenshots');

if (!fs.existsSync(CHROMIUM)) {
  if (process.env.XB_SKIP_BROWSER_TEST === '1') {
    console.log(`skipped: no Chromium at ${CHROMIUM} (XB_SKIP_BROWSER_TEST=1)`);
    process.exit(77);
  }
  console.error(`browser_test: no Chromium at ${CHROMIUM}; install Debian's chromium (scripts/install-deps.sh) or set XB_SKIP_BROWSER_TEST=1`);
  process.exit(2);
}
const puppeteer = require('puppeteer-core');

let passed = 0, failed = 0;
function check(what, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${what}`); } else { failed++; console.log(`FAIL ${what} ${detail}`); }
}

function today() {
  // The dashboard counts the current year in China (UTC+8).
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

function xb(dir, ...rest) {
  return execFileSync(XBORDER, ['--db', path.join(dir, 'x.db'), '--key-file', path.join(dir, 'x.key'), ...rest],
                      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function startServer(dir) {
  const proc = spawn(XBORDER, ['--db', path.join(dir, 'x.db'), '--key-file', path.join(dir, 'x.key'), 'serve',
                               '--listen', '127.0.0.1:0', '--data-root', path.join(dir, 'data'),
                               '--no-access-lines'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 20000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /\(port (\d+)\)/.exec(err);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return { proc, base: `http://127.0.0.1:${port}` };
}

async function api(base, token, method, route, body) {
  const res = await fetch(base + route, { method, body, headers: { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch (_) {}
  return { status: res.status, json, text };
}

async function signIn(page, base, token, lang) {
  await page.goto(`${base}/login?lang=${lang}`);
  await page.type('#token', token);
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xb-browser-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data);
  for (const f of ['employees.csv', 'consents.csv', 'plan.yaml', 'policy.yaml']) {
    fs.copyFileSync(path.join(SOURCE, 'examples/transfer/hr', f), path.join(data, f));
  }
  // The refused example, pointed at the data root's copy of the employees.
  const refused = fs.readFileSync(path.join(SOURCE, 'examples/transfer/refused/plan.yaml'), 'utf8')
                      .replace('../hr/employees.csv', 'employees.csv');
  const contract = refused.replace('expires: 2025-06-30', 'expires: 2027-06-30');
  xb(dir, 'consent', 'import', path.join(data, 'consents.csv'));
  const officer = JSON.parse(xb(dir, '--format', 'json', 'users', 'add', 'olivia', '--role', 'officer')).token;
  const auditor = JSON.parse(xb(dir, '--format', 'json', 'users', 'add', 'arthur', '--role', 'auditor')).token;

  const { proc, base } = await startServer(dir);
  let browser;
  try {
    const date = today();
    const hr = await api(base, officer, 'POST', `/v1/transfers?as_of=${date}`, fs.readFileSync(path.join(data, 'plan.yaml')));
    check('officer sends the HR plan through the API (201)', hr.status === 201, hr.text.slice(0, 300));
    const sc = await api(base, officer, 'POST', `/v1/transfers?as_of=${date}`, contract);
    check('officer sends a standard-contract plan (201)', sc.status === 201, sc.text.slice(0, 300));
    const no = await api(base, officer, 'POST', `/v1/transfers?as_of=${date}`, refused);
    check('an expired contract is refused and recorded (201, refused)', no.status === 201 && no.json.status === 'refused', no.text.slice(0, 300));
    const pipia = await api(base, officer, 'POST', '/v1/reports/pipia?lang=en&format=html',
                            fs.readFileSync(path.join(data, 'plan.yaml')));
    check('officer makes the PIPIA through the API (201)', pipia.status === 201, pipia.text.slice(0, 300));
    const year = date.slice(0, 4);
    const stats = await api(base, officer, 'GET', `/v1/stats?exporter=${encodeURIComponent('Shanghai Huaxin Trading Co., Ltd.')}&year=${year}`);
    const expected = stats.json.year_to_date.counted.individuals;

    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
             '--disable-component-update', '--disable-sync', `--user-data-dir=${path.join(dir, 'chromium')}`],
    });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });

    // Officer: sign in, this year's figure, a transfer and its proof.
    await signIn(page, base, officer, 'en');
    check('officer lands on the dashboard', new URL(page.url()).pathname === '/');
    // The server verifies the whole ledger in the background a few seconds after it grows.
    for (let i = 0; i < 40 && (await page.$('#verify-pending')) !== null; i++) {
      await new Promise((r) => setTimeout(r, 500));
      await page.reload();
    }
    check('the ledger verifies after the appends', (await page.$eval('#verify-status', (e) => e.className)) === 'ok' &&
          (await page.$('#verify-pending')) === null);
    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name === 'xb_session');
    check('session cookie is HttpOnly and SameSite=Strict', session && session.httpOnly && session.sameSite === 'Strict');
    const figure = await page.$eval('#ytd .ytd-figure', (e) => e.textContent.replace(/,/g, ''));
    check(`this year's figure is the ledger's (${expected})`, Number(figure) === expected, `page shows ${figure}`);
    check('the threshold chart is drawn', (await page.$$('#ytd svg .gauge-fill')).length >= 3);
    check('an officer sees the "run a plan" link', (await page.$('#nav-new-transfer')) !== null);
    const docHref = `/v1/reports/${pipia.json.ledger.index}/pipia.en.html`;
    check('the documents section links the PIPIA', (await page.$(`#documents-table a.doc[href="${docHref}"]`)) !== null);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-overview.png'), fullPage: true });

    const index = hr.json.ledger.index;
    await Promise.all([page.waitForNavigation(), page.click(`a.transfer-link[href^="/transfers/${index}?"]`)]);
    const leaf = await page.$eval('#leaf-hash', (e) => e.textContent);
    const root = await page.$eval('#proof-root', (e) => e.textContent);
    const proof = await api(base, officer, 'GET', `/v1/ledger/proofs/inclusion?index=${index}`);
    check('the transfer page shows the API\'s leaf hash', leaf === proof.json.leaf_hash);
    const note = (await api(base, officer, 'GET', '/v1/ledger/checkpoint')).text;
    const noteRoot = Buffer.from(note.split('\n')[2], 'base64').toString('hex');
    check('the page\'s root is the signed checkpoint\'s', root === noteRoot, `${root} vs ${noteRoot}`);
    check('the audit path has one hash per level', (await page.$$('#audit-path li')).length === proof.json.hashes.length);
    check('the decision is shown', (await page.$eval('#decision', (e) => e.textContent)) === 'exempt');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-transfer.png'), fullPage: true });

    // Alerts: the monitor's, from the example's day of egress events, listed and counted.
    const events = path.join(SOURCE, 'examples/monitor/events.jsonl');
    let printed = '';
    try {
      printed = xb(dir, 'monitor', '--source', events);
    } catch (e) {
      printed = e.stdout || '';  // exit 1: alerts were raised
    }
    const raised = printed.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    check('the monitor raised alerts on the example', raised.length >= 2, printed.slice(0, 300));
    await page.goto(`${base}/?lang=en`);
    const thisYear = raised.filter((a) => a.time.startsWith(year)).length;
    const shown = await page.$eval('#alerts-this-year', (e) => e.textContent.replace(/,/g, ''));
    check(`the dashboard counts this year's alerts (${thisYear})`, Number(shown) === thisYear, `page shows ${shown}`);
    await Promise.all([page.waitForNavigation(), page.click('#nav-alerts')]);
    check('the alerts page lists every alert', (await page.$$('#alerts-table tr.alert-row')).length === raised.length);
    const kinds = await page.$$eval('#alerts-table code.alert-kind', (es) => es.map((e) => e.textContent).sort());
    check('with the kinds the monitor printed', JSON.stringify(kinds) === JSON.stringify(raised.map((a) => a.kind).sort()),
          JSON.stringify(kinds));
    await page.select('#alerts-filter select[name=kind]', 'unplanned_flow');
    await Promise.all([page.waitForNavigation(), page.click('#alerts-filter button')]);
    check('the filter keeps one kind', (await page.$$('#alerts-table tr.alert-row')).length ===
          raised.filter((a) => a.kind === 'unplanned_flow').length);
    await page.goto(`${base}/alerts?lang=en`);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-alerts.png'), fullPage: true });

    // Lineage: from the list of datasets sent to the graph, drawn on the server.
    await Promise.all([page.waitForNavigation(), page.click('#nav-lineage')]);
    await Promise.all([page.waitForNavigation(), page.click('#datasets-table a.lineage-link')]);
    const svgText = await page.$$eval('#lineage-svg svg text', (es) => es.map((e) => e.textContent));
    check('the lineage graph is drawn as SVG', svgText.length > 4, JSON.stringify(svgText).slice(0, 200));
    check('it shows the recipient', svgText.includes('Huaxin Holding GmbH (DE)'), JSON.stringify(svgText));
    const box = await page.$eval('#lineage-svg svg', (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; });
    check('the graph has a size on the page', box[0] > 200 && box[1] > 20, JSON.stringify(box));
    const held = await page.$$eval('#holdings-table tr', (rs) => rs.length - 1);
    check('the holdings table lists the transfers', held >= 2, `${held}`);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-lineage.png'), fullPage: true });

    await page.goto(`${base}/?lang=zh`);
    check('the Chinese dashboard renders', (await page.content()).includes('本年度'));
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-zh.png'), fullPage: true });

    // Auditor: no button, and the server refuses the request anyway.
    await page.$eval('form[action="/logout"]', (f) => f.submit());
    await page.waitForNavigation();
    await signIn(page, base, auditor, 'en');
    check('auditor is signed in', (await page.$eval('#role', (e) => e.textContent)) === 'auditor');
    check('an auditor sees no "run a plan" link', (await page.$('#nav-new-transfer')) === null);
    // Auditors read documents: the link opens the file the ledger records.
    const [doc] = await Promise.all([page.waitForNavigation(), page.click(`#documents-table a.doc[href="${docHref}"]`)]);
    const body = await doc.text();
    const recorded = pipia.json.files.find((f) => f.name === 'pipia.en.html').sha256;
    check('an auditor opens the PIPIA from the dashboard (the recorded bytes)', doc.status() === 200 &&
          require('crypto').createHash('sha256').update(body).digest('hex') === recorded);
    await page.goto(`${base}/?lang=en`);
    // The page allows no script of its own (CSP), so post the form the way a forged page would.
    const postForm = async (action, fields) => {
      const [response] = await Promise.all([page.waitForNavigation(), page.evaluate((action, fields) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        for (const [name, value] of Object.entries(fields)) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.appendChild(input);
        }
        document.body.appendChild(form);
        form.submit();
      }, action, fields)]);
      return { status: response.status(), type: response.headers()['content-type'] || '' };
    };
    const csrf = await page.$eval('form[action="/logout"] input[name=csrf]', (e) => e.value);
    const forged = await postForm('/transfers', { csrf, plan: fs.readFileSync(path.join(data, 'plan.yaml'), 'utf8') });
    // A refused form answers the browser with a page it can show (the screenshot below).
    check('an auditor\'s transfer form post gets 403 from the server, as a page', forged.status === 403 &&
          forged.type.startsWith('text/html') &&
          (await page.$eval('#refused', (e) => e.textContent)).startsWith('403'), JSON.stringify(forged));
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-auditor-403.png') });
    await page.goto(`${base}/?lang=en`);
    const viaApi = await api(base, auditor, 'POST', '/v1/transfers', fs.readFileSync(path.join(data, 'plan.yaml')));
    check('an auditor\'s POST /v1/transfers gets 403', viaApi.status === 403);
    const resp = await page.goto(`${base}/transfers/new`);
    check('an auditor opening the form gets 403', resp.status() === 403);
    await page.goto(`${base}/?lang=en`);
    const noCsrf = await postForm('/logout', {});
    check('a form post without the CSRF token gets 403', noCsrf.status === 403);
  } finally {
    if (browser) await browser.close();
    proc.kill('SIGTERM');
    await new Promise((r) => proc.on('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}, (e) => {
  console.error(`browser_test: ${e.stack || e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
