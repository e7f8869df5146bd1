// The playground in headless Debian Chromium, driven by playwright-core.
// Needs dist/ (scripts/build-playground.sh). Every test fails on an error in
// the browser console. Screenshots of each view go to target/screenshots/.

import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import {
  browser, consoleLines, dist, editorText, lineMatches, manifest, openPage, root, runMarker, runWith, server, setCode, shot, shots,
} from './support.mjs';

test('the page is cross-origin isolated and runs threads for real', async (t) => {
  const page = await openPage(t);
  assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
  await page.waitForFunction(() => document.querySelector('#run-button') && !document.querySelector('#run-button').disabled);
  assert.equal(await page.locator('#threads-notice').count(), 0, 'no "threads unavailable" notice');
  await page.click('[data-file="parallel_map.js"]');
  await runWith(page);
  assert.deepEqual(await consoleLines(page), manifest.examples[0].output);
  // Nine lanes: main and the eight workers, each with segments and an end.
  assert.equal(await page.locator('.swimlanes .lane').count(), 9);
  const ends = await page.locator('.swimlanes .end').evaluateAll((marks) => marks.map((m) => m.dataset.tip));
  assert.equal(ends.filter((tip) => / finished at /.test(tip)).length, 9, ends.join('\n'));
  assert.ok((await page.locator('.swimlanes .arrow.spawn').count()) >= 8, 'thread starts are drawn');
  await shot(page, 'threads-view');
});

test('the lanes are drawn live while the program runs', async (t) => {
  const page = await openPage(t);
  await setCode(page, 'const o = { x: 0 };\nconst t = new Thread(() => Atomics.wait(o, "x", 0, 1500));\nprint(t.join());');
  const before = (await runMarker(page)).id;
  await page.click('#run-button');
  // The waiting thread and the joining main thread show up mid-run.
  await page.locator('.swimlanes .segment.blocked-atomics').first().waitFor({ timeout: 1200 });
  await page.locator('.swimlanes .segment.blocked-join').first().waitFor({ timeout: 200 });
  assert.equal((await runMarker(page)).status, 'running', 'seen while the program runs');
  await page.waitForSelector(`[data-run="${before + 1}-finished"]`);
  assert.deepEqual(await consoleLines(page), ['timed-out']);
});

test('every example in the gallery prints what the manifest says', async (t) => {
  const page = await openPage(t);
  for (const example of manifest.examples) {
    await page.click(`[data-file="${example.file}"]`);
    const source = await readFile(new URL(`examples/${example.file}`, root), 'utf8');
    assert.equal((await editorText(page)).split('\n')[0], source.split('\n')[0], 'the example is in the editor');
    await runWith(page);
    const lines = await consoleLines(page);
    // `sometimes`: a failure that needs an unlucky interleaving.
    const failed = (await page.locator('#run-error').count()) > 0;
    const expected = example.error?.sometimes && !failed ? null : example.error;
    if (!expected?.sometimes) {
      assert.equal(lines.length, example.output.length, `${example.file}: ${lines.join(' | ')}`);
      lines.forEach((line, i) => assert.ok(lineMatches(line, example.output[i]), `${example.file}: ${line} ≠ ${JSON.stringify(example.output[i])}`));
    }
    if (expected) {
      const error = await page.locator('#run-error').textContent();
      assert.ok(error.startsWith(`${expected.name}: `), error);
      for (const part of expected.contains) assert.ok(error.includes(part), `${example.file}: no ${part} in ${error}`);
    } else {
      assert.match(await page.locator('#console .ending').textContent(), /^Finished in/);
    }
  }
});

test('the deadlock example is named as a deadlock, with its cycle in the wait-for graph', async (t) => {
  const page = await openPage(t);
  await page.click('[data-file="deadlock.js"]');
  await runWith(page);
  assert.match(await page.locator('#run-status').textContent(), /DeadlockError/);
  assert.match(await page.locator('#error-line').textContent(), /^DeadlockError: deadlock/);
  // The page turns to the Locks view by itself.
  assert.equal(await page.locator('#tab-locks').getAttribute('aria-selected'), 'true');
  const banner = await page.locator('.deadlock-banner').textContent();
  assert.match(banner, /^Deadlock: the cycle thread (1|2) → thread (1|2) → thread (1|2)/);
  assert.equal(await page.locator('.wait-for-graph .wait-node.on-cycle').count(), 2);
  assert.equal(await page.locator('.wait-for-graph .wait-edge.on-cycle').count(), 2);
  assert.ok((await page.locator('.locks-table th', { hasText: 'Lock #' }).count()) >= 2, 'both locks are listed');
  await shot(page, 'locks-view-deadlock');
});

test('locks: hand-offs are arrows between lanes and hovering a wait names it and its length', async (t) => {
  const page = await openPage(t);
  // Main waits for a lock thread 1 holds for 30 ms; thread 2 waits on a
  // condition until main notifies it 30 ms later.
  await setCode(
    page,
    [
      'const lock = new Lock(), ready = new Condition(), state = { held: 0, go: false };',
      'const busy = (ms) => { const end = Date.now() + ms; while (Date.now() < end) {} };',
      'const holder = new Thread(() => lock.hold(() => { Atomics.store(state, "held", 1); busy(30); }));',
      'while (Atomics.load(state, "held") === 0) {}',
      'lock.hold(() => print("main got the lock"));',
      'const waiter = new Thread(() => lock.hold(() => { while (!state.go) ready.wait(lock); print("woken"); }));',
      'busy(30);',
      'lock.hold(() => { state.go = true; ready.notify(); });',
      'holder.join(); waiter.join();',
    ].join('\n'),
  );
  await runWith(page);
  assert.deepEqual(await consoleLines(page), ['main got the lock', 'woken']);
  const tips = await page.locator('.swimlanes .segment').evaluateAll((rects) => rects.map((r) => r.dataset.tip));
  assert.ok(tips.some((tip) => /^main blocked on Lock #\d+ for [\d.]+ ms/.test(tip)), tips.join('\n'));
  assert.ok(tips.some((tip) => /^thread 2 blocked on a notify on Condition #\d+ for [\d.]+ ms/.test(tip)), tips.join('\n'));
  const waiting = page.locator('.swimlanes .segment.blocked-lock').first();
  // (As a pointer over it would, were an arrow not drawn on top.)
  await waiting.dispatchEvent('mouseover');
  assert.match(await page.locator('.hover-detail').textContent(), /^main blocked on Lock #\d+ for [\d.]+ ms \(/);
  assert.ok((await page.locator('.swimlanes .arrow.handoff').count()) >= 1, 'the hand-off to main is drawn');
  assert.ok((await page.locator('.swimlanes .arrow.notify').count()) >= 1, 'the notify is drawn');
  await shot(page, 'threads-view-locks');
  await page.click('#tab-locks');
  assert.equal(await page.locator('.locks-table tbody tr').count(), 2, 'the lock and the condition are listed');
  assert.match(await page.locator('.locks-table tbody tr').first().textContent(), /^Lock #\d+free—\d+[1-9]\d*$/);
  await shot(page, 'locks-view');
});

test('run 50 times: the racy counter spreads over several outcomes, the locked one stays at one', async (t) => {
  const page = await openPage(t);
  await page.fill('#runs-input', '50');
  for (const [file, distinct] of [
    ['racy_counter.js', (n) => n > 1],
    ['counter_with_lock.js', (n) => n === 1],
    ['counter_with_atomics.js', (n) => n === 1],
  ]) {
    await page.click(`[data-file="${file}"]`);
    const started = Date.now();
    await runWith(page, '#repeat-button', 240_000);
    t.diagnostic(`${file}: 50 runs in ${Date.now() - started} ms, ${await page.locator('.outcome-row:not(.unseen)').count()} rows`);
    assert.match(await page.locator('#outcome-summary').textContent(), /50 of 50 runs, \d+ distinct outcomes?/);
    const bars = await page.locator('.outcome-row:not(.unseen) .bar').count();
    assert.ok(distinct(bars), `${file}: ${bars} outcome bars`);
    if (file === 'racy_counter.js') await shot(page, 'outcomes-racy');
    if (file === 'counter_with_lock.js') {
      assert.equal(await page.locator('.outcome-row:not(.unseen) .result').textContent(), 'counter: 200000');
      assert.equal(await page.locator('.outcome-row:not(.unseen) td').nth(3).textContent(), 'acceptable');
      assert.match(await page.locator('.outcome-notes').textContent(), /any other result — forbidden, impossible one at a time/);
    }
  }
  // A litmus test lists every outcome jcstress would, seen or not, with
  // whether a one-at-a-time execution allows it.
  await page.fill('#runs-input', '20');
  await page.click('[data-file="store_buffering.js"]');
  await runWith(page, '#repeat-button', 120_000);
  const results = await page.locator('.outcome-row .result').allTextContents();
  assert.deepEqual([...results].sort(), ['r1=0 r2=0', 'r1=0 r2=1', 'r1=1 r2=0', 'r1=1 r2=1']);
  // Each row links to the run that produced it.
  await page.locator('.outcome-row:not(.unseen) button.link').first().click();
  assert.match((await consoleLines(page))[0], /^r1=\d r2=\d$/);
  await shot(page, 'outcomes-litmus');
});

test('scheduled mode: each of 30 runs takes its own schedule, so a small race shows every outcome', async (t) => {
  const page = await openPage(t);
  await page.click('#mode-scheduled');
  assert.equal(await page.locator('#mode-scheduled').getAttribute('aria-checked'), 'true');
  await setCode(page, [
    'const counter = { n: 0 };',
    'const add2 = () => { counter.n++; counter.n++; };',
    'const t1 = new Thread(add2), t2 = new Thread(add2);',
    't1.join(); t2.join();',
    'print("counter:", counter.n);',
  ].join('\n'));
  await page.fill('#runs-input', '30');
  await runWith(page, '#repeat-button', 120_000);
  const seen = await page.locator('.outcome-row:not(.unseen) .result').allTextContents();
  assert.ok(seen.length >= 2, `outcomes seen: ${seen}`);
  for (const r of seen) assert.match(r, /^counter: [234]$/);
  await shot(page, 'outcomes-scheduled');
});

test('stop ends an infinite loop within a second, and the engine runs again', async (t) => {
  const page = await openPage(t);
  await setCode(page, 'const t = new Thread(() => { while (true) {} });\nwhile (true) {}\n');
  const before = (await runMarker(page)).id;
  await page.click('#run-button');
  await page.waitForSelector(`[data-run="${before + 1}-running"]`);
  await page.waitForTimeout(300);
  const started = Date.now();
  await page.keyboard.press('Escape');
  await page.waitForSelector(`[data-run="${before + 1}-finished"]`, { timeout: 5_000 });
  const took = Date.now() - started;
  t.diagnostic(`stopped after ${took} ms`);
  assert.ok(took < 1000, `stopped after ${took} ms`);
  assert.equal(await page.locator('#run-status').textContent(), 'Stopped.');
  await setCode(page, 'print(6 * 7)');
  await page.keyboard.press('Control+Enter');
  await page.waitForSelector(`[data-run="${before + 2}-finished"]`);
  assert.deepEqual(await consoleLines(page), ['42']);
});

test('host APIs: an interval reports progress live, console shows values as Node does, Intl formats, errors name the code', async (t) => {
  const page = await openPage(t);
  await setCode(page, [
    'let n = 0;',
    "const ticker = setInterval(() => { console.log('tick', ++n); if (n === 3) clearInterval(ticker); }, 250);",
    'console.log(new Map([[1, { a: [1, 2] }]]));',
    "console.log(new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(1234.5));",
    "console.log(structuredClone(new Set([1])), new URL('https://example.org/a?b=2').searchParams.get('b'));",
    'const o = {};',
    'setTimeout(() => { try { o.bar(); } catch (e) { console.log(e.message); } }, 1000);',
  ].join('\n'));
  const before = (await runMarker(page)).id;
  await page.click('#run-button');
  // The first tick shows while the program still runs: output is live.
  await page.locator('#console .line .text', { hasText: 'tick 1' }).waitFor({ timeout: 10_000 });
  assert.equal((await runMarker(page)).status, 'running', 'the interval keeps the program running');
  await page.waitForSelector(`[data-run="${before + 1}-finished"]`, { timeout: 20_000 });
  assert.deepEqual(await consoleLines(page), [
    'Map(1) { 1 => { a: [ 1, 2 ] } }',
    '$1,234.50',
    'Set(1) { 1 } 2',
    'tick 1',
    'tick 2',
    'tick 3',
    'o.bar is not a function',
  ]);
  await shot(page, 'host-apis');
});

test('errors are marked in the editor at their line and column', async (t) => {
  const page = await openPage(t);
  await setCode(page, 'const a = 1;\nconst b = a +* 2;\n');
  await runWith(page);
  assert.match(await page.locator('#error-line').textContent(), /^SyntaxError: .*\(line 2, column \d+\)$/);
  await page.locator('.cm-lintRange-error').first().waitFor();
  assert.match(await page.locator('.cm-lintRange-error').first().textContent(), /\*/);
  await setCode(page, 'function boom() { throw new TypeError("no"); }\nconst t = new Thread(boom);\nt.join();\n');
  await runWith(page);
  assert.match(await page.locator('#run-error').textContent(), /TypeError: no[\s\S]*at boom/);
  await page.locator('.cm-lintRange-error').first().waitFor();
  await shot(page, 'editor-error');
});

test('a share link round-trips the code and the mode', async (t) => {
  const page = await openPage(t);
  const code = 'const t = new Thread(() => "shared " + "link");\nprint(t.join(), "✓");';
  await setCode(page, code);
  await page.click('#mode-locked');
  await page.click('#share-button');
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /#mode=locked&code=[\w-]+$/);
  const other = await openPage(t, link.replace(server.url, ''));
  await other.waitForFunction((want) => [...document.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n') === want, code);
  assert.equal(await other.locator('#mode-locked').getAttribute('aria-checked'), 'true');
  await runWith(other);
  assert.deepEqual(await consoleLines(other), ['shared link ✓']);
  // The address bar follows the editor: the page's own URL is a share link.
  const shared = await other.evaluate(() => location.hash);
  await setCode(other, 'print("edited")');
  await other.waitForFunction((old) => location.hash !== old && location.hash.includes('code='), shared);
  const reloaded = await openPage(t, (await other.evaluate(() => location.href)).replace(server.url, ''));
  await reloaded.waitForFunction(() => document.querySelector('.cm-line')?.textContent === 'print("edited")');
});

test('the embed widget runs its code, and the docs demo page turns <pre data-weft> into widgets', async (t) => {
  const page = await openPage(t);
  const code = 'const t = new Thread(() => 6 * 7);\nprint("answer", t.join());';
  const link = await page.evaluate(async (code) => {
    const { encodeState } = await import('./share.js');
    return `?embed#${await encodeState({ code, mode: 'parallel' })}`;
  }, code);
  const embed = await openPage(t, link, { viewport: { width: 640, height: 420 } });
  assert.equal(await embed.locator('.embed').count(), 1);
  assert.equal(await embed.locator('.gallery').count(), 0, 'the widget is compact');
  await runWith(embed);
  assert.deepEqual(await consoleLines(embed), ['answer 42']);
  await shot(embed, 'embed-widget');

  const docs = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const errors = [];
  docs.on('pageerror', (err) => errors.push(String(err)));
  docs.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  docs.on('response', (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));
  t.after(() => docs.close());
  await docs.goto(new URL('docs-demo.html', server.url).href);
  await docs.locator('iframe.weft-embed').nth(1).waitFor();
  assert.equal(await docs.locator('pre[data-weft]').count(), 0, 'every block became a widget');
  const frames = docs.locator('iframe.weft-embed');
  assert.equal(await frames.count(), 2);
  const first = docs.frameLocator('iframe.weft-embed').first();
  await first.locator('.cm-content').waitFor({ timeout: 30_000 });
  await first.locator('#run-button:not([disabled])').waitFor();
  await first.locator('#run-button').click();
  await first.locator('[data-run="1-finished"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(await first.locator('#console .line .text').allTextContents(), ['hello from thread 1']);
  assert.equal(await first.locator('#threads-notice').count(), 0, 'the isolated demo page gives the widget real threads');
  await docs.screenshot({ path: new URL('docs-demo.png', shots).pathname });
  assert.deepEqual(errors, []);
});

test('themes, a phone-sized screen and the keyboard', async (t) => {
  const page = await openPage(t);
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  const first = await theme();
  await page.click('#theme-button');
  assert.notEqual(await theme(), first);
  await page.click('[data-file="producer_consumer.js"]');
  await runWith(page);
  await shot(page, `theme-${await theme()}`);
  // The choice is remembered.
  await page.reload();
  await page.locator('.cm-content').waitFor();
  assert.notEqual(await theme(), first);

  // Every control is reachable with Tab.
  const reached = new Set();
  await page.locator('body').focus();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ''));
  }
  for (const id of ['run-button', 'mode-parallel', 'repeat-button', 'runs-input', 'share-button', 'theme-button']) {
    assert.ok(reached.has(id), `${id} is reachable with Tab (reached ${[...reached].join(', ')})`);
  }

  const phone = await openPage(t, '', { viewport: { width: 390, height: 844 } });
  await runWith(phone);
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px too wide)`);
  assert.ok(await phone.locator('#run-button').isVisible());
  await shot(phone, 'phone');
});

test('without isolation headers, the service worker makes a static host cross-origin isolated', async (t) => {
  const plain = await serve({ root: dist, port: 0, headers: {} });
  t.after(() => plain.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(plain.url);
  await page.waitForFunction(() => globalThis.crossOriginIsolated === true, null, { timeout: 30_000 });
  await page.locator('.cm-content').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !document.querySelector('#run-button').disabled);
  assert.equal(await page.locator('#threads-notice').count(), 0);
});

test('where isolation is impossible, threads take turns on one core and the page says why', async (t) => {
  const plain = await serve({ root: dist, port: 0, headers: {} });
  t.after(() => plain.close());
  const context = await browser.newContext({ serviceWorkers: 'block' });
  t.after(() => context.close());
  const page = await context.newPage();
  await page.goto(plain.url);
  await page.locator('#threads-notice').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('#threads-notice').textContent(), /Threads take turns on one core here: the page is not cross-origin isolated/);
  assert.equal(await page.locator('#mode-scheduled').getAttribute('aria-checked'), 'true');
  assert.ok(await page.locator('#mode-parallel').isDisabled());
  await setCode(page, `const counter = { n: 0 };
const ts = [1, 2].map((k) => new Thread(() => { for (let i = 0; i < 3; i++) counter.n++; return k; }));
print(ts.map((t) => t.join()).join(","), counter.n <= 6, Thread.current.id);`);
  await runWith(page);
  assert.deepEqual(await consoleLines(page), ['1,2 true 0']);
  // The lanes are on the scheduler's virtual clock: microseconds, not the
  // page's clock (whose epoch-sized times would squash them to nothing).
  const ticks = await page.locator('.swimlanes .tick').allTextContents();
  assert.ok(ticks.length > 1 && ticks.every((t) => /^[\d.]+ (ms|µs)$/.test(t.trim())), ticks.join(' | '));
  assert.equal(await page.locator('.swimlanes .lane').count(), 3);
  await shot(page, 'threads-interleaved');

  // A documentation page that is not isolated: its widgets run threads too.
  const docs = await context.newPage();
  await docs.goto(new URL('docs-demo.html', plain.url).href);
  const first = docs.frameLocator('iframe.weft-embed').first();
  await first.locator('#threads-notice').waitFor({ timeout: 30_000 });
  await first.locator('#run-button:not([disabled])').waitFor();
  await first.locator('#run-button').click();
  await first.locator('[data-run="1-finished"]').waitFor({ timeout: 30_000 });
  assert.deepEqual(await first.locator('#console .line .text').allTextContents(), ['hello from thread 1']);
  assert.equal(await first.locator('.mode-badge').textContent(), 'step by step');
  await docs.screenshot({ path: new URL('docs-demo-interleaved.png', shots).pathname });
});

test('a documentation page on another origin, without isolation headers, embeds a Thread and Lock example that runs', async (t) => {
  const code = `const lock = new Lock(), total = { n: 0 };
const ts = [1, 2].map(() => new Thread(() => { for (let i = 0; i < 100; i++) lock.hold(() => total.n++); }));
ts.forEach((t) => t.join());
print("total", total.n);`;
  // The widget's host: the playground's own server (isolation headers and
  // Document-Isolation-Policy), or a plain static host that only allows
  // other origins to load its scripts (as GitHub Pages does).
  const plainHost = await serve({ root: dist, port: 0, headers: { 'Access-Control-Allow-Origin': '*' } });
  t.after(() => plainHost.close());
  for (const [host, expected] of [[server, 'parallel'], [plainHost, 'interleaved']]) {
    // Origin B: a documentation page, with no isolation headers, that loads
    // embed.js from the widget's host.
    const dir = await mkdtemp(join(tmpdir(), 'weft-docs-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Docs</title><link rel="icon" href="data:,">
<h1>Another site's documentation</h1>
<pre data-weft>${code.replaceAll('<', '&lt;')}</pre>
<script type="module" src="${new URL('embed.js', host.url).href}"></script>`);
    const docsHost = await serve({ root: dir, port: 0, headers: {} });
    t.after(() => docsHost.close());
    assert.notEqual(new URL(docsHost.url).origin, new URL(host.url).origin);
    const context = await browser.newContext({ serviceWorkers: 'block' });
    t.after(() => context.close());
    const docs = await context.newPage();
    const errors = [];
    docs.on('pageerror', (err) => errors.push(String(err)));
    docs.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await docs.goto(docsHost.url);
    assert.equal(await docs.evaluate(() => globalThis.crossOriginIsolated), false, 'the docs page is not isolated');
    const widget = docs.frameLocator('iframe.weft-embed').first();
    await widget.locator('#run-button:not([disabled])').waitFor({ timeout: 30_000 });
    // Which path the widget took: Document-Isolation-Policy isolates the
    // frame (Chromium), and its threads run in parallel; without it they
    // take turns on one core, and the widget says so.
    const frame = docs.frames().find((f) => f.url().startsWith(host.url));
    assert.equal(await frame.evaluate(() => globalThis.crossOriginIsolated), expected === 'parallel', expected);
    await widget.locator('#run-button').click();
    if (expected === 'interleaved') await widget.locator('#threads-notice').waitFor();
    else assert.equal(await widget.locator('#threads-notice').count(), 0);
    await widget.locator('[data-run="1-finished"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await widget.locator('#console .line .text').allTextContents(), ['total 200'], expected);
    await docs.screenshot({ path: new URL(`docs-other-origin-${expected}.png`, shots).pathname });
    assert.deepEqual(errors, [], expected);
  }
});
