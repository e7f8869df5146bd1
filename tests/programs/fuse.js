// fuse.js: fuzzy search over a generated catalogue, with weighted keys,
// extended search syntax, match indices and scores (floating point printed
// to fixed precision).
import Fuse from 'fuse.js';

const adjectives = ['Red', 'Quick', 'Silent', 'Golden', 'Broken', 'Hidden', 'Lazy', 'Electric', 'Frozen', 'Wild'];
const nouns = ['River', 'Fox', 'Engine', 'Garden', 'Thread', 'Mountain', 'Compiler', 'Lantern', 'Harbor', 'Signal'];
const books = [];
for (let i = 0; i < 100; i++) {
  const title = `The ${adjectives[(i * 7) % 10]} ${nouns[(i * 3) % 10]}${i % 4 === 0 ? ' Returns' : ''}`;
  books.push({ id: i, title, author: { first: ['Ada', 'Alan', 'Grace', 'Linus', 'Barbara'][i % 5], last: ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Liskov'][(i * 2) % 5] }, tags: [nouns[i % 10].toLowerCase(), i % 2 ? 'odd' : 'even'], year: 1950 + ((i * 13) % 70) });
}

const fuse = new Fuse(books, { keys: [{ name: 'title', weight: 2 }, 'author.first', 'author.last', 'tags'], includeScore: true, includeMatches: true, threshold: 0.4, ignoreLocation: false, minMatchCharLength: 2 });
for (const q of ['golden fox', 'hoper', 'compilr', 'thred', 'lovelace river', 'xyzzy']) {
  const results = fuse.search(q, { limit: 4 });
  console.log(`${q}: ${results.map((r) => `${r.item.id}:${r.item.title}(${r.score.toFixed(6)})`).join(' | ') || 'none'}`);
  if (results[0]) console.log(`  matches: ${JSON.stringify(results[0].matches.map((m) => [m.key, m.indices]))}`);
}
const extended = new Fuse(books, { keys: ['title', 'author.last'], useExtendedSearch: true, includeScore: true });
for (const q of ["'Engine", '^The Frozen', 'Returns$', '!Fox Harbor', '=The Wild Lantern', "'Golden | 'Silent"]) {
  const r = extended.search(q);
  console.log(`extended ${q}: ${r.length} results, first ${r.slice(0, 3).map((x) => x.item.id).join(',')}`);
}
const logical = fuse.search({ $and: [{ 'author.first': 'grace' }, { $or: [{ tags: 'even' }, { title: 'mountain' }] }] });
console.log(`logical: ${logical.length} ${logical.slice(0, 5).map((r) => r.item.id).join(',')}`);
const index = Fuse.createIndex(['title'], books);
const fromIndex = new Fuse(books, { keys: ['title'], includeScore: true }, Fuse.parseIndex(JSON.parse(JSON.stringify(index.toJSON()))));
console.log(`index: ${JSON.stringify(index.toJSON()).length} chars, search ${fromIndex.search('lantern').slice(0, 3).map((r) => `${r.item.id}/${r.score.toFixed(4)}`).join(' ')}`);
fuse.add({ id: 100, title: 'A Brand New Fox', author: { first: 'New', last: 'Author' }, tags: [], year: 2024 });
fuse.remove((doc) => doc.id % 10 === 0);
console.log(`after add/remove: ${fuse.search('fox').map((r) => r.item.id).slice(0, 8).join(',')}`);
const strings = new Fuse(['apple', 'apricot', 'banana', 'grape', 'pineapple', 'grapefruit'], { includeScore: true, threshold: 0.6 });
console.log(`strings: ${strings.search('aple').map((r) => `${r.item}:${r.score.toFixed(5)}`).join(' ')}`);
