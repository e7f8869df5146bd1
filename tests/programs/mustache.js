// mustache: templates with variables, sections, inverted sections,
// partials, lambdas, escaping, custom delimiters; plus the parse tree.
import Mustache from 'mustache';

const view = {
  title: 'Engines & <Runtimes>',
  engines: [
    { name: 'weft', lang: 'Rust', threads: true, stars: 1234.5, features: ['jit-free', 'shared heap'] },
    { name: 'quickjs', lang: 'C', threads: false, stars: 8000, features: [] },
    { name: 'boa', lang: 'Rust', threads: false, stars: 5000, features: ['intl'] },
  ],
  empty: [],
  owner: { name: { first: 'Ada', last: 'Lovelace' } },
  count() {
    return this.engines.length;
  },
  bold() {
    return (text, render) => `<b>${render(text)}</b>`;
  },
  upper() {
    return (text, render) => render(text).toUpperCase();
  },
};

const partials = {
  engine: '{{> badge}} {{name}} ({{lang}}){{#threads}} [threads]{{/threads}}: {{#features}}{{.}}; {{/features}}{{^features}}none{{/features}}',
  badge: '<span class="{{lang}}">*</span>',
};

const template = `<h1>{{title}}</h1> / raw: {{{title}}} / amp: {{& title}}
Owner: {{owner.name.first}} {{owner.name.last}}{{#owner}}{{#name}} ({{first}}){{/name}}{{/owner}}
{{count}} engines:
{{#engines}}
  - {{> engine}}
{{/engines}}
{{^empty}}No empty items.{{/empty}}
{{#bold}}Hi {{owner.name.first}}!{{/bold}} {{#upper}}shout {{title}}{{/upper}}
{{! a comment }}{{missing}}[missing]{{#missing}}never{{/missing}}
{{=<% %>=}}custom delims: <% title %> <%={{ }}=%>back: {{owner.name.last}}
  {{#engines}}
  {{name}}={{stars}}
  {{/engines}}
`;

console.log(Mustache.render(template, view, partials).trimEnd());

const tokens = Mustache.parse('Hello {{#a}}{{b.c}}{{/a}}{{^d}}x{{/d}}{{{e}}}!');
console.log(JSON.stringify(tokens));

console.log(Mustache.render('{{a}}|{{b}}|{{c}}|{{d}}|{{e}}|{{f}}', { a: 0, b: false, c: null, d: '', e: [1, 2], f: 'q"\'/`=' }));
console.log(Mustache.render('{{#list}}{{.}},{{/list}} {{#obj}}{{k}}{{/obj}} {{#zero}}z{{/zero}}{{^zero}}no-zero{{/zero}}', { list: ['x', 'y'], obj: { k: 'v' }, zero: 0 }));
Mustache.escape = (s) => String(s).replace(/[aeiou]/g, '*');
console.log(Mustache.render('custom escape: {{word}}', { word: 'education' }));
try {
  Mustache.render('{{#open}} unclosed', {});
} catch (e) {
  console.log(`error: ${e.message}`);
}
