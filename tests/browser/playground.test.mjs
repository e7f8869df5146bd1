// The playground in headless Debian Chromium, driven by playwright-core.
// Needs dist/ (scripts/build-playground.sh). Screenshots go to target/screenshots/.

import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

const root = new URL('../../', import.meta.url);
const shots = new URL('target/screenshots/', root);

test('the playground is cross-origin isolated and two JS threads count to 2000000 in one heap', async (t) => {
  await mkdir(shots, { recursive: true });
  const server = await serve({ root: new URL('dist/', root).pathname, port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run'],
  });
  t.after(async () => {
    await browser.close();
    await server.close();
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('response', (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));

  await page.goto(server.url);
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
  await page.getByRole('button', { name: 'Run two threads' }).click();
  await page.locator('#check-result').filter({ hasText: /\d/ }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#check-result').textContent(), '2000000');
  assert.match(await page.locator('#check-status').textContent(), /one heap/);
  await page.screenshot({ path: new URL('skeleton.png', shots).pathname });
  assert.deepEqual(errors, []);
});
