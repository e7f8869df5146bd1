// minimatch: glob patterns (braces, extglobs, globstars, classes, negation)
// against a generated list of POSIX paths; print matches and brace
// expansions.
import { minimatch, Minimatch, escape, unescape } from 'minimatch';


const files = [];
for (const dir of ['', 'src/', 'src/lib/', 'src/lib/deep/', 'test/', 'docs/.hidden/', 'node_modules/pkg/']) {
  for (const name of ['index.js', 'index.ts', 'main.mjs', 'README.md', 'a.test.js', '.eslintrc', 'file[1].txt', 'x y.json', 'UPPER.JS']) files.push(dir + name);
}
const patterns = ['*.js', '**/*.js', 'src/**/*.{js,ts}', '**/*.test.js', '!**/node_modules/**', '**/.*', '**/*.+(md|json)', '**/!(index).js', '**/file\\[1\\].txt', 'src/*/[a-m]*.?s', '**/*.[jt]s', '{src,test}/**', '**/@(a|main).*', 'src/lib/**/deep/*', '**/*.JS'];
for (const p of patterns) {
  const opts = { dot: p.includes('.*'), nocase: p.endsWith('.JS') };
  const matched = files.filter((f) => minimatch(f, p, opts));
  console.log(`${p} (${matched.length}): ${matched.slice(0, 8).join(' ')}${matched.length > 8 ? ' …' : ''}`);
}
for (const p of ['{a,b}*.[ch]', 'x{1..4}y', '{a,{b,c}}{d,e}', 'a{b}c', '{01..10..3}']) console.log(`braceExpand ${p}: ${JSON.stringify(minimatch.braceExpand(p))}`);
const mm = new Minimatch('src/{a,b{1..3}}/**/*.js', { matchBase: false });
console.log(`braces: ${JSON.stringify(mm.set.map((s) => s.map((x) => (typeof x === 'string' ? x : x._glob ?? String(x)))))} negate ${new Minimatch('!x').negate} comment ${new Minimatch('#x').comment}`);
console.log(`matchBase: ${minimatch('a/b/c.js', '*.js', { matchBase: true })} noglobstar: ${minimatch('a/b/c.js', '**/c.js', { noglobstar: true })} nobrace: ${minimatch('a{b}', 'a{b}', { nobrace: true })} windowsPathsNoEscape: ${minimatch('a\\b', 'a\\b', { windowsPathsNoEscape: true, platform: 'linux' })}`);
console.log(`escape: ${escape('a*b?[c]')} unescape: ${unescape('a\\*b')} filter: ${files.filter(minimatch.filter('test/*.js')).join(',')}`);
