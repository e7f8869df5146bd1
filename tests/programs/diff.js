// diff (jsdiff): character, word, line, sentence and JSON diffs; a unified
// patch between two generated files, applied back; structured hunks.
import * as Diff from 'diff';

const summarize = (changes) => changes.map((c) => (c.added ? `+[${c.value}]` : c.removed ? `-[${c.value}]` : c.value)).join('');

console.log(`chars: ${summarize(Diff.diffChars('kitten sitting on the mat', 'sitting kitten on a hat'))}`);
console.log(`words: ${summarize(Diff.diffWords('The quick brown fox jumps over the lazy dog.', 'The quick red fox leaped over the very lazy dog!'))}`);
console.log(`words ignoreCase: ${summarize(Diff.diffWords('Hello World foo', 'hello world bar', { ignoreCase: true }))}`);
console.log(`wordsWithSpace: ${summarize(Diff.diffWordsWithSpace('a  b c', 'a b  c'))}`);
console.log(`sentences: ${summarize(Diff.diffSentences('One. Two! Three?', 'One. Deux! Three?'))}`);
console.log(`css: ${summarize(Diff.diffCss('a { color: red; }', 'a { color: blue; margin: 0 }'))}`);
console.log(`json: ${JSON.stringify(Diff.diffJson({ b: 2, a: [1, 2], c: { d: null } }, { a: [1, 3], b: 2, e: 'new' }).map((c) => [c.added ? '+' : c.removed ? '-' : ' ', c.count, c.value]))}`);
console.log(`arrays: ${JSON.stringify(Diff.diffArrays([1, 2, 3, 4, 5], [1, 3, 4, 6, 5, 7]).map((c) => [c.added ? '+' : c.removed ? '-' : '=', c.value]))}`);

// Two generated files: 200 lines, the second with edits spread through it.
const oldLines = [];
for (let i = 0; i < 200; i++) oldLines.push(`line ${i}: ${'abcdefghij'.slice(i % 10)}${i * i}`);
const newLines = oldLines.slice();
newLines.splice(10, 2, 'replaced ten', 'replaced eleven', 'inserted');
newLines.splice(60, 0, 'new at sixty');
newLines.splice(120, 5);
newLines[150] = newLines[150].toUpperCase();
newLines.push('the end');
const oldText = oldLines.join('\n') + '\n';
const newText = newLines.join('\n') + '\n';

const lines = Diff.diffLines(oldText, newText);
console.log(`lines: ${lines.length} parts, +${lines.filter((c) => c.added).reduce((n, c) => n + c.count, 0)} -${lines.filter((c) => c.removed).reduce((n, c) => n + c.count, 0)}`);
const patch = Diff.createTwoFilesPatch('a/file.txt', 'b/file.txt', oldText, newText, 'old header', 'new header', { context: 2 });
console.log(patch.trimEnd());
const applied = Diff.applyPatch(oldText, patch);
console.log(`applied equals new: ${applied === newText}`);
const structured = Diff.structuredPatch('x', 'y', oldText, newText, '', '', { context: 1 });
console.log(`hunks: ${structured.hunks.map((h) => `@${h.oldStart},${h.oldLines}->${h.newStart},${h.newLines}`).join(' ')}`);
const parsed = Diff.parsePatch(patch);
console.log(`parsed: ${parsed.length} file(s), ${parsed[0].hunks.length} hunks, ${parsed[0].oldFileName} -> ${parsed[0].newFileName}`);
const reversed = Diff.reversePatch(parsed[0]);
console.log(`reverse applied equals old: ${Diff.applyPatch(newText, reversed) === oldText}`);
const fuzzy = Diff.applyPatch(oldText.replace('line 13', 'LINE 13'), patch, { fuzzFactor: 1 });
console.log(`fuzzy apply: ${fuzzy === false ? 'rejected' : fuzzy.split('\n').length + ' lines'}`);
console.log(`convertChangesToXML: ${Diff.convertChangesToXML(Diff.diffWords('a <b> c', 'a <i> c'))}`);
