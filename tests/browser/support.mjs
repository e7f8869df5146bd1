// What the browser tests share: the dist/ server, headless Debian
// Chromium (playwright-core), pages whose console errors fail the test,
// screenshots under target/screenshots/, and driving the playground.

import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const root = new URL('../../', import.meta.url);
export const shots = new URL('target/screenshots/', root);
export const manifest = JSON.parse(await readFile(new URL('examples/manifest.json', root), 'utf8'));
export const dist = new URL('dist/', root).pathname;

await mkdir(shots, { recursive: true });
export const server = await serve({ root: dist, port: 0 });
export const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--no-first-run'],
});
test.after(async () => {
  await browser.close();
  await server.close();
});

/// A page whose console errors, uncaught exceptions and failed requests
/// are collected; `t.after` asserts there were none.
export async function openPage(t, path = '', { viewport = { width: 1280, height: 800 }, context } = {}) {
  const page = await (context ?? browser).newPage({ viewport });
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('response', (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));
  t.after(async () => {
    await page.close();
    assert.deepEqual(errors, [], 'the browser console shows no errors');
  });
  await page.goto(new URL(path, server.url).href);
  await page.locator('.cm-content').waitFor({ timeout: 30_000 });
  return page;
}

export const shot = (page, name) => page.screenshot({ path: new URL(`${name}.png`, shots).pathname });

/// The run number and status the page shows (`data-run="3-finished"`).
export async function runMarker(page) {
  const [id, status] = (await page.locator('[data-run]').getAttribute('data-run')).split('-');
  return { id: Number(id), status };
}

/// Clicks `button` and waits until the run it starts has finished.
export async function runWith(page, button = '#run-button', timeout = 60_000) {
  const before = (await runMarker(page)).id;
  await page.click(button);
  await page.waitForSelector(`[data-run="${before + 1}-finished"]`, { timeout });
}

export async function setCode(page, code) {
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(code);
}

export const editorText = (page) => page.locator('.cm-line').evaluateAll((lines) => lines.map((l) => l.textContent).join('\n'));
export const consoleLines = (page) => page.locator('#console .line .text').allTextContents();

export const lineMatches = (line, want) =>
  typeof want === 'string' ? line === want : want.matches ? new RegExp(want.matches).test(line) : want.oneOf.includes(line);

