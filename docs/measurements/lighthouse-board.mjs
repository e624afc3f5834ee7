// Lighthouse on the logged-in board at phone size (360 x 740), as measured for docs/console.md: a logged-in
// reload of the board (navigation), then the tap on "start duty alerts" (timespan). A measurement, not a test.
// Needs Debian's Chromium and, in a folder of its own, `npm install lighthouse puppeteer-core` (the npm
// registry); run it there against a hub or demo on a free port with a duty login:
//   node lighthouse-board.mjs http://127.0.0.1:PORT/ wang wang-carecall
import puppeteer from 'puppeteer-core';
import { startFlow } from 'lighthouse';
const url = process.argv[2];
const [user, password] = [process.argv[3], process.argv[4]];
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const page = await browser.newPage();
const screen = { mobile: true, width: 360, height: 740, deviceScaleFactor: 2, disabled: false };
await page.setViewport({ width: 360, height: 740, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
await page.goto(url, { waitUntil: 'networkidle0' });
await page.type('#login input[name=username]', user);
await page.type('#login input[name=password]', password);
await page.click('#login button[type=submit]');
await page.waitForSelector('#link[data-state=up]', { timeout: 15000 });
const flags = { screenEmulation: screen, formFactor: 'mobile', disableStorageReset: true,
  onlyCategories: ['performance', 'accessibility'] };
const flow = await startFlow(page, { flags, config: { extends: 'lighthouse:default' } });
await flow.navigate(url, { disableStorageReset: true, screenEmulation: screen, formFactor: 'mobile' });
await page.waitForSelector('#link[data-state=up]', { timeout: 15000 });
const loggedIn = await page.evaluate(() => !document.querySelector('#login') || document.querySelector('#login').hidden
  || getComputedStyle(document.querySelector('#login')).display === 'none');
await flow.startTimespan({ name: 'start duty alerts' });
await page.click('#start-button');
await new Promise((r) => setTimeout(r, 1500));
await flow.endTimespan();
const result = await flow.createFlowResult();
for (const step of result.steps) {
  const lhr = step.lhr;
  const cls = lhr.audits['cumulative-layout-shift'];
  const out = { step: step.name, mode: lhr.gatherMode, loggedIn,
    cls: cls && cls.numericValue, accessibility: lhr.categories.accessibility && lhr.categories.accessibility.score,
    performance: lhr.categories.performance && lhr.categories.performance.score,
    failing: lhr.categories.accessibility ? lhr.categories.accessibility.auditRefs
      .map((ref) => lhr.audits[ref.id]).filter((a) => a.score !== null && a.score < 1).map((a) => a.id + ' ' + JSON.stringify((a.details && a.details.items || []).map((i) => [i.node && i.node.selector, i.node && i.node.explanation]))) : [] };
  console.log(JSON.stringify(out));
}
await browser.close();
