import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { analyzeAccount } from '../helpers/analyze.js';
import { ROOT } from '../helpers/cli.js';
import { hostileAccount } from './hostile-account.js';

/** Debian's package; CI installs it (.ci/run). Elsewhere the browser tests skip, saying why. */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'out/test-artifacts');
const available = existsSync(CHROMIUM);
const skip = available
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium package to run the browser tests`;

test('Chromium is there in CI', { skip: !process.env['CI'] }, () => {
  assert.ok(available, `${CHROMIUM} is missing; CI must install it (apt-get install chromium)`);
});

let browser: Browser | undefined;

// playwright gives each launch a fresh temporary profile and removes it on close.
before(async () => {
  if (!available) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

interface Observed {
  page: Page;
  console: string[];
  errors: string[];
  requests: string[];
  failed: string[];
  dialogs: string[];
}

/** Opens a file and records everything the page does: console, errors, requests, dialogs. */
async function open(file: string): Promise<Observed> {
  assert.ok(browser, 'browser launched');
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(5000);
  const seen: Observed = { page, console: [], errors: [], requests: [], failed: [], dialogs: [] };
  page.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('requestfailed', (r) => seen.failed.push(r.url()));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return seen;
}

test(
  'the example report renders in Chromium: overview, chart, sections, no errors, no requests',
  { skip },
  async (t) => {
    const { out, run } = await analyzeAccount(join(ROOT, 'examples/wild-rydes'), { perFunction: true });
    const file = join(out, 'report.html');
    const seen = await open(file);
    const { page } = seen;
    assert.equal(await page.locator('#overview h2').textContent(), 'Account overview');
    assert.ok(await page.locator('#overview .cards').first().isVisible());
    assert.equal(await page.locator('svg.chart a').count(), run.analysis.roles.length);
    assert.equal(await page.locator('main section[id^="role-"]').count(), run.analysis.roles.length);
    const rows = await page.locator('#findings tbody tr').count();
    assert.equal(rows, run.analysis.findings.length);

    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'report.png');
    await page.screenshot({ path: screenshot });
    t.diagnostic(`screenshot: ${screenshot}`);

    // The page's script works: hiding the info findings, then filtering the navigation.
    const info = run.analysis.findings.filter((f) => f.severity === 'info').length;
    await page.locator('.filters button[data-severity="info"]').click();
    assert.equal(await page.locator('#findings tbody tr:not(.hidden)').count(), rows - info);
    await page.locator('#nav-filter').fill('order-processor');
    assert.equal(await page.locator('nav li:not(.hidden)').count(), 2, 'its role and its function');
    await page.locator('#nav-filter').fill('');
    await page.locator('nav a[href^="#role-"]').first().click();

    await page.close();

    assert.deepEqual(seen.errors, [], 'no uncaught errors');
    assert.deepEqual(
      seen.console.filter((m) => m.startsWith('error') || m.startsWith('warning')),
      [],
      'no console errors or warnings (a CSP violation would be one)',
    );
    assert.deepEqual(seen.failed, [], 'no failed requests');
    assert.deepEqual(seen.requests, [pathToFileURL(file).href], 'nothing fetched but the page itself');
  },
);

test(
  'payloads from the logs and the snapshot do not run in Chromium, with or without the CSP',
  { skip },
  async () => {
    const { out } = await analyzeAccount(hostileAccount(), { perFunction: true });
    const file = join(out, 'report.html');
    // Without its CSP the page relies on escaping alone: that must be enough.
    const bare = join(out, 'report-without-csp.html');
    const html = readFileSync(file, 'utf8');
    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    assert.notEqual(withoutCsp, html);
    writeFileSync(bare, withoutCsp);
    for (const path of [file, bare]) {
      const seen = await open(path);
      const { page } = seen;
      assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
      // The role's name is on the page as text, payload and all.
      const heading = await page.locator('main section[id^="role-"] h2').textContent();
      assert.match(heading ?? '', /<img src=x onerror=/);
      assert.equal(
        await page.locator('main img, main iframe, main svg:not(.chart):not(.bar-svg)').count(),
        0,
      );
      assert.equal(await page.locator('script').count(), 2);
      await page.close();
      assert.deepEqual(seen.dialogs, [], `no dialog (${path})`);
      assert.deepEqual(seen.errors, [], `no script error (${path})`);
      assert.deepEqual(seen.console, [], `nothing on the console (${path})`);
      assert.deepEqual(seen.requests, [pathToFileURL(path).href], `no request from a payload (${path})`);
    }
  },
);
