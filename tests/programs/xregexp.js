// xregexp: extended regular expressions (named captures, free-spacing,
// Unicode categories/scripts/properties, recursion-free balanced matching,
// tagged templates) compiled down to native RegExps.
import XRegExp from 'xregexp';

const date = XRegExp(`(?<year>  [0-9]{4} ) -?  # year
                      (?<month> [0-9]{2} ) -?  # month
                      (?<day>   [0-9]{2} )     # day`, 'x');
const m = XRegExp.exec('on 2024-02-29 and 2025-01-01', date);
console.log(`named: ${m.groups.year}/${m.groups.month}/${m.groups.day} at ${m.index} source ${date.source}`);
console.log(`replace: ${XRegExp.replace('2024-02-29', date, '$<month>/$<day>/$<year>')} ${XRegExp.replace('2024-02-29', date, (...args) => `${args[args.length - 1].day}.${args[args.length - 1].month}`)}`);
console.log(`forEach: ${(() => { const out = []; XRegExp.forEach('a1 b22 c333', /\d+/, (match, i) => out.push(`${i}:${match[0]}`)); return out.join(' '); })()}`);
const text = 'Ünïcödé wörds, Ελληνικά, русский, 中文字符, العربية and ASCII 123 ٤٥٦ ½';
for (const p of ['\\p{L}+', '\\p{Lu}', '\\p{Greek}+', '\\p{Cyrillic}+', '\\p{Han}+', '\\p{Arabic}+', '\\p{N}+', '\\p{Nd}+', '\\P{L}+', '[\\p{L}&&[^\\p{ASCII}]]+'.replace('&&[^\\p{ASCII}]', '')]) {
  const re = XRegExp(p, 'g');
  console.log(`${p}: ${JSON.stringify(XRegExp.match(text, re, 'all'))} (native source ${re.source.length} chars)`);
}
console.log(`matchRecursive: ${JSON.stringify(XRegExp.matchRecursive('(t((e))s)t() (ing)', '\\(', '\\)', 'g'))} ${JSON.stringify(XRegExp.matchRecursive('Here is <div> <div>an</div></div> example', '<div\\s*>', '</div>', 'gi', { valueNames: ['between', 'left', 'match', 'right'] }).map((p) => `${p.name}:${p.value}`))}`);
console.log(`split: ${JSON.stringify(XRegExp.split('a1b22c333d', /(\d+)/))} ${JSON.stringify(XRegExp.split('..word1 word2..', /([a-z]+)(\d+)/i))}`);
console.log(`union: ${XRegExp.union(['a+b*c', /(dogs)\1/, /(cats)\1/], 'i').source} escape: ${XRegExp.escape('Escaped? <.>')}`);
const tagged = XRegExp.tag('x')`^ ${/\d+/} (?<word> \w+ ) $`;
console.log(`tag: ${tagged.source} ${tagged.test('42 hello')}`);
console.log(`build: ${XRegExp.build('(?x)^ {{time}} ({{ampm}})? $', { time: XRegExp.build('{{hours}}:{{minutes}}', { hours: /1[0-2]|0?[1-9]/, minutes: /[0-5][0-9]/ }), ampm: /[ap]m/ }).test('10:59am')}`);
const sticky = XRegExp('\\w+', 'y');
console.log(`sticky: ${XRegExp.exec('abc def', sticky, 0, 'sticky')?.[0]} ${XRegExp.exec('abc def', sticky, 3, 'sticky')}`);
console.log(`isRegExp/version: ${XRegExp.isRegExp(/x/)} ${XRegExp.isRegExp('x')} ${XRegExp.version}`);
try {
  XRegExp('(?<name>a)(?<name>b)');
} catch (e) {
  console.log(`duplicate name: ${e.constructor.name}`);
}
