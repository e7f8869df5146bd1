// papaparse: parse CSV text (quotes, embedded newlines, delimiter guessing,
// headers, dynamic typing, comments, errors) and unparse objects to CSV;
// the input is generated deterministically.
import Papa from 'papaparse';

const csv = `id,name,score,joined,active,notes
1,Ada,98.5,2020-01-02,true,"likes ""quotes"""
2,Linus,87,2019-05-06,false,"multi
line note"
# a comment line
3,"Grace, Admiral",100,2018-07-08,TRUE,
4,Ken,,2017-09-10,false,trailing spaces   
5,Barbara,-1.5e2,,true,"comma, inside"
`;

const r = Papa.parse(csv, { header: true, dynamicTyping: true, skipEmptyLines: true, comments: '#' });
console.log(`fields: ${JSON.stringify(r.meta.fields)} delimiter ${JSON.stringify(r.meta.delimiter)} linebreak ${JSON.stringify(r.meta.linebreak)} errors ${JSON.stringify(r.errors)}`);
for (const row of r.data) console.log(JSON.stringify(row));

const semi = Papa.parse('a;b;c\n1;2;3\n"x;y";4;5', { delimiter: '' });
console.log(`guessed ${JSON.stringify(semi.meta.delimiter)}: ${JSON.stringify(semi.data)}`);
const tabs = Papa.parse('a\tb\r\n1\t2\r\n', { skipEmptyLines: 'greedy' });
console.log(`tabs/crlf ${JSON.stringify(tabs.meta.delimiter)} ${JSON.stringify(tabs.meta.linebreak)}: ${JSON.stringify(tabs.data)}`);
const broken = Papa.parse('a,b\n1,"unterminated\n2,3', { header: true });
console.log(`errors: ${JSON.stringify(broken.errors.map((e) => [e.type, e.code, e.row]))}`);
const short = Papa.parse('a,b,c\n1,2\n3,4,5,6', { header: true });
console.log(`field mismatch: ${JSON.stringify(short.errors.map((e) => [e.code, e.row, e.message]))} ${JSON.stringify(short.data)}`);
const transformed = Papa.parse('Name,Age\nann,3\nbob,4', { header: true, transformHeader: (h) => h.toLowerCase(), transform: (v, f) => (f === 'name' ? v.toUpperCase() : Number(v) * 10) });
console.log(`transform: ${JSON.stringify(transformed.data)}`);

let rows = 0;
let sum = 0;
let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
const lines = ['k,v,text'];
for (let i = 0; i < 3000; i++) lines.push(`${i},${Math.floor(rand() * 1000)},"t${i}, ${rand() < 0.5 ? 'with ""q""' : 'plain'}"`);
Papa.parse(lines.join('\n'), { header: true, dynamicTyping: true, step: (res) => { rows++; sum += res.data.v; } });
console.log(`step: ${rows} rows, sum ${sum}`);

const out = Papa.unparse([{ a: 1, b: 'x,y', c: 'say "hi"', d: null }, { a: 2, b: 'line\nbreak', c: '', d: true }], { quotes: false, newline: '\n' });
console.log(out);
console.log(Papa.unparse({ fields: ['x', 'y'], data: [[1, 2], [3, '=cmd']] }, { quotes: [true, false], escapeFormulae: true, delimiter: ';' }));
