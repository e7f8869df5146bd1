// The playground teaches the interleaving: from the lost-update lesson, a
// replayed lost update in three clicks; Explore lists exactly the outcomes
// the program can have and each Replay reaches its own; step mode reaches a
// lost update by clicks (and undoes them); a share link carries the
// schedule; race marks land on the racing line; the embed widget steps
// inline. Screenshots of each view go to target/screenshots/.

import test from 'node:test';
import assert from 'node:assert/strict';
import { consoleLines, openPage, runMarker, server, setCode, shot } from './support.mjs';

/// The steps the interleaving view lists, as "9 | T1 | line 8 | read counter.n → 0".
const stepTexts = (page) =>
  page.locator('#step-list li').evaluateAll((items) =>
    items.map((li) => [...li.children].map((c) => c.textContent.trim()).join(' | ')));

/// Waits until the engine has loaded (Run is enabled).
const ready = (page) => page.waitForFunction(() => document.querySelector('#run-button') && !document.querySelector('#run-button').disabled);

/// Clicks `selector` and waits for the run it starts to finish.
async function clickAndFinish(page, selector) {
  const before = (await runMarker(page)).id;
  await page.click(selector);
  await page.waitForSelector(`[data-run="${before + 1}-finished"]`, { timeout: 60_000 });
}

test('three clicks from the lesson to a replayed lost update, with both threads\' reads and writes', async (t) => {
  const page = await openPage(t);
  await ready(page);
  const started = Date.now();
  await page.click('[data-file="lost_update.js"]'); // 1
  await page.click('#explore-toolbar-button'); // 2
  await page.locator('#explore-table tbody tr').first().waitFor({ timeout: 60_000 });
  const outcomes = await page.locator('#explore-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.outcome).sort());
  assert.deepEqual(outcomes, ['counter: 2', 'counter: 3', 'counter: 4']);
  await shot(page, 'explore');
  const lost = page.locator('#explore-table tr[data-outcome="counter: 3"] button.replay');
  await clickAndFinish(page, `#${await lost.getAttribute('id')}`); // 3
  assert.ok(Date.now() - started < 60_000, 'under a minute');
  assert.equal(await page.locator('#tab-interleaving').getAttribute('aria-selected'), 'true');
  assert.deepEqual((await consoleLines(page)).at(-1), 'counter: 3');
  const banner = await page.locator('.banner.lost-update').first().textContent();
  assert.match(banner, /Lost update\. lost update on counter\.n: thread \d read (\d) \(step \d+\), thread \d wrote \d \(step \d+\), then thread \d wrote \d over it/);
  const steps = await stepTexts(page);
  const reads = steps.filter((s) => / \| line 8 \| read counter\.n → \d$/.test(s));
  const writes = steps.filter((s) => / \| line 8 \| write counter\.n ← \d$/.test(s));
  assert.equal(reads.length, 4, steps.join('\n'));
  assert.equal(writes.length, 4, steps.join('\n'));
  assert.deepEqual(new Set(reads.map((s) => s.split(' | ')[1])), new Set(['T1', 'T2']));
  assert.equal(await page.locator('.banner.lost-update').count(), 1, 'counter: 3 lost one update');
  // The view opens at the write that lost the update; the shared memory
  // panel shows counter.n as it stood then.
  const current = await page.locator('#step-list li.current').textContent();
  const written = /write counter\.n ← (\d)$/.exec(current);
  assert.ok(written, current);
  const [, overWrite] = /then thread \d wrote (\d) over it \(step (\d+)\)/.exec(banner);
  assert.equal(written[1], overWrite);
  const memory = () => page.locator('#shared-memory tbody tr').evaluateAll((rows) => rows.map((r) => r.children[0].textContent + '=' + r.children[1].textContent));
  assert.deepEqual(await memory(), [`counter.n=${written[1]}`]);
  await page.locator('.cm-thread-line').first().waitFor();
  await shot(page, 'interleaving');
  // ← and → step: the count and the memory follow; at the end it is 3.
  const count = await page.locator('#step-count').textContent();
  await page.click('#step-count');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  const [at, of] = (await page.locator('#step-count').textContent()).match(/\d+/g).map(Number);
  assert.deepEqual([at + 2, of], count.match(/\d+/g).map(Number));
  for (let i = at; i < of; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#step-count').textContent(), `step ${of} of ${of}`);
  assert.deepEqual(await memory(), ['counter.n=3']);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  // Each thread's line is marked in the editor, in its lane colour.
  await page.locator('.cm-thread-line').first().waitFor();
});

test('every outcome Explore lists replays to that outcome, beside how often real runs hit it', async (t) => {
  const page = await openPage(t);
  await ready(page);
  await page.click('[data-file="lost_update.js"]');
  await page.fill('#runs-input', '20');
  await page.click('#repeat-button');
  await page.waitForFunction(() => /20 of 20 runs/.test(document.querySelector('.outcome-summary')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.click('#tab-explore');
  await page.click('#explore-button');
  await page.locator('#explore-table tbody tr').first().waitFor({ timeout: 60_000 });
  assert.match(await page.locator('#explore-progress').textContent(), /3 distinct outcomes in all \d+ schedules/);
  // The jcstress columns: the lesson's expectation, and the 20 runs' count.
  const heads = await page.locator('#explore-table thead th').allTextContents();
  assert.deepEqual(heads.slice(0, 5), ['outcome', 'schedules', 'share', 'expectation', 'in 20 runs']);
  const cells = await page.locator('#explore-table tbody tr').evaluateAll((rs) => rs.map((r) => [r.dataset.outcome, r.children[3].textContent, Number(r.children[4].textContent) || 0]));
  assert.deepEqual(cells.map(([o, e]) => [o, e]).sort(), [['counter: 2', 'interesting'], ['counter: 3', 'interesting'], ['counter: 4', 'acceptable']]);
  assert.equal(cells.reduce((n, [, , runs]) => n + runs, 0), 20);
  const rows = await page.locator('#explore-table tbody tr').evaluateAll((rs) => rs.map((r) => [r.dataset.outcome, r.querySelector('button').id]));
  for (const [outcome, button] of rows) {
    await page.click('#tab-explore');
    await clickAndFinish(page, `#${button}`);
    assert.equal((await consoleLines(page)).at(-1), outcome);
  }
});

test('step by hand: choosing threads in turn loses an update, and undo takes a step back', async (t) => {
  const page = await openPage(t);
  await ready(page);
  await page.click('[data-file="lost_update.js"]');
  await page.click('#tab-interleaving');
  await clickAndFinish(page, '#step-by-hand');
  assert.equal(await page.locator('#mode-scheduled').getAttribute('aria-checked'), 'true');
  assert.equal(await page.locator('#mode-scheduled').textContent(), 'step by step');
  // The buttons name each thread's next line and what it will do.
  await page.locator('#next-thread-1').waitFor();
  for (let round = 0; round < 60 && (await page.locator('.next-step').count()) > 0; round++) {
    const want = round % 2 === 0 ? '#next-thread-1' : '#next-thread-2';
    const pick = (await page.locator(want).count()) > 0 ? want : '.next-step >> nth=0';
    if (round === 4) await shot(page, 'step-mode');
    await clickAndFinish(page, pick);
  }
  assert.deepEqual(await consoleLines(page), ['counter: 2']);
  await page.locator('.banner.lost-update').first().waitFor();
  const done = await stepTexts(page);
  await clickAndFinish(page, '#step-undo');
  await page.locator('.next-step').first().waitFor();
  const undone = await stepTexts(page);
  assert.ok(undone.length < done.length, `${undone.length} < ${done.length}`);
  assert.deepEqual(undone, done.slice(0, undone.length));
});

test('step by hand: taking the forks in turn, the philosophers reach the deadlock, and the page says so', async (t) => {
  const page = await openPage(t);
  await ready(page);
  await page.click('[data-file="dining_philosophers.js"]');
  await page.click('#tab-interleaving');
  await clickAndFinish(page, '#step-by-hand');
  for (let round = 0; round < 60 && (await page.locator('.next-step').count()) > 0; round++) {
    const want = `#next-thread-${(round % 3) + 1}`;
    await clickAndFinish(page, (await page.locator(want).count()) > 0 ? want : '.next-step >> nth=0');
  }
  const banner = await page.locator('#deadlock-banner').textContent();
  assert.match(banner, /^Deadlock reached\. deadlock: these threads wait for each other in a cycle/);
  assert.equal(await page.locator('#tab-interleaving').getAttribute('aria-selected'), 'true', 'step mode stays on its view');
  const steps = await stepTexts(page);
  for (const t of ['T1', 'T2', 'T3']) {
    assert.ok(steps.some((s) => s.includes(`| ${t} | line 11 | acquire Lock #`)), steps.join('\n'));
  }
  await shot(page, 'step-deadlock');
});

test('a share link carries the schedule: it opens at the same interleaving', async (t) => {
  const page = await openPage(t);
  await ready(page);
  await page.click('[data-file="lost_update.js"]');
  await page.click('#mode-scheduled');
  await clickAndFinish(page, '#run-button');
  const schedule = await page.evaluate(() => document.querySelector('[data-schedule]')?.dataset.schedule);
  await page.click('#share-button');
  const link = await page.locator('#share-link').inputValue();
  assert.match(link, /[#&]schedule=[0-9x.]+/);
  const steps = await (async () => { await page.click('#tab-interleaving'); return stepTexts(page); })();
  const other = await openPage(t, link.replace(server.url, ''));
  await other.waitForSelector('[data-run="1-finished"]', { timeout: 60_000 });
  assert.equal(await other.locator('#tab-interleaving').getAttribute('aria-selected'), 'true');
  assert.deepEqual(await stepTexts(other), steps);
  assert.deepEqual(await consoleLines(other), await consoleLines(page));
  if (schedule) assert.equal(await other.evaluate(() => document.querySelector('[data-schedule]')?.dataset.schedule), schedule);
});

test('a long run lists its first 10,000 steps a window at a time, and says where the log stops', async (t) => {
  const page = await openPage(t);
  await ready(page);
  await page.click('[data-file="racy_counter.js"]');
  await page.click('#mode-scheduled');
  await clickAndFinish(page, '#run-button');
  assert.match((await consoleLines(page)).at(-1), /^counter: \d+$/);
  await page.click('#tab-interleaving');
  assert.match(await page.locator('#step-count').textContent(), /^step \d+ of 10000$/);
  await page.locator('#step-scrubber').fill('9999');
  await page.locator('#steps-truncated').waitFor();
  assert.ok((await page.locator('#step-list li').count()) <= 153);
  assert.match(await page.locator('#step-list li.more').first().textContent(), /^… 9849 earlier steps$/);
});

test('data races are marked on both lines in the editor and listed under the console', async (t) => {
  const page = await openPage(t);
  await ready(page);
  await setCode(page, [
    'const box = { n: 0 };',
    'const t = new Thread(() => { box.n = 1; });',
    'const seen = box.n;',
    't.join();',
    'print(seen, box.n);',
  ].join('\n'));
  await page.click('#mode-scheduled');
  await clickAndFinish(page, '#run-button');
  await page.locator('.cm-race').first().waitFor();
  const marked = await page.locator('.cm-line.cm-race-line').evaluateAll((lines) =>
    lines.map((l) => [...l.parentNode.children].indexOf(l) + 1));
  assert.deepEqual(marked.sort(), [2, 3]);
  const listed = await page.locator('#races li').allTextContents();
  assert.ok(listed.some((r) => /data race on box\.n/.test(r)), listed.join('\n'));
  await shot(page, 'race-marks');
});

test('the embed widget steps inline with data-weft-mode="step"', async (t) => {
  const page = await openPage(t);
  const code = 'const c = { n: 0 };\nconst t = new Thread(() => { c.n++; });\nc.n++;\nt.join();\nprint(c.n);';
  const link = await page.evaluate(async (code) => {
    const { encodeState } = await import('./share.js');
    return `?embed#${await encodeState({ code, mode: 'scheduled', schedule: 'step:' })}`;
  }, code);
  const embed = await openPage(t, link, { viewport: { width: 640, height: 700 } });
  await embed.locator('.next-step').first().waitFor({ timeout: 60_000 });
  for (let round = 0; round < 40 && (await embed.locator('.next-step').count()) > 0; round++) {
    await clickAndFinish(embed, '.next-step >> nth=-1');
  }
  assert.match((await consoleLines(embed)).at(-1), /^[12]$/);
  assert.ok((await stepTexts(embed)).length > 4);
  await shot(embed, 'embed-step');
});
