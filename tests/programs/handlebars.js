// handlebars: compile templates (the compiler emits JavaScript and builds
// it with new Function), helpers, partials, block params, whitespace control,
// and precompiled template specs.
import Handlebars from 'handlebars/dist/cjs/handlebars.js';

const hb = Handlebars.create();
hb.registerHelper('upper', (s) => String(s).toUpperCase());
hb.registerHelper('add', (a, b) => a + b);
hb.registerHelper('list', function (items, options) {
  const out = items.map((item, i) => `<li>${options.fn(item, { data: { index: i }, blockParams: [item, i] })}</li>`).join('');
  return new hb.SafeString(`<ul>${out}</ul>`);
});
hb.registerHelper('eq', (a, b) => a === b);
hb.registerPartial('person', '{{name}} ({{age}}){{#if @root.showRole}} - {{role}}{{/if}}');
hb.registerPartial('layout', '<section>{{> @partial-block }}</section>');

const template = hb.compile(`<h1>{{title}}</h1>
{{!-- a comment --}}
{{#each people as |p i|}}
  {{i}}: {{> person p}} {{#if @first}}[first]{{/if}}{{#if @last}}[last]{{/if}} {{upper p.name}} {{add i 10}}
{{/each}}
{{#with boss}}Boss: {{name}} {{../title}}{{/with}}
{{#unless empty.length}}nothing here{{else}}something{{/unless}}
{{{raw}}} vs {{raw}}
{{#list people as |person idx|}}{{idx}}={{person.name}}{{/list}}
{{~#if showRole~}}   trimmed   {{~/if~}}
{{#each map}}{{@key}}:{{this}};{{/each}}
{{#> layout}}inside layout {{title}}{{/layout}}
{{lookup people 1}} {{lookup (lookup people 1) "name"}} {{#if (eq title "Team")}}eq works{{/if}}
{{log "not printed to stdout" level="debug"}}\\{{escaped}}`);

const data = {
  title: 'Team',
  showRole: true,
  people: [{ name: 'Ada', age: 36, role: 'lead' }, { name: 'Linus', age: 54, role: 'dev' }, { name: 'Grace', age: 85, role: 'advisor' }],
  boss: { name: 'Barbara' },
  empty: [],
  raw: '<b>bold & "quoted"</b>',
  map: { x: 1, y: 2 },
};
hb.log = () => {};
console.log(template(data));

const precompiled = hb.precompile('{{#each items}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}', {});
console.log(`precompiled spec length > 100: ${String(precompiled).length > 100}`);
const fromSpec = hb.template(new Function(`return ${precompiled}`)());
console.log(fromSpec({ items: ['a', 'b', 'c'] }));
const strict = hb.compile('{{a.b}}', { strict: true });
try {
  strict({ a: {} });
} catch (e) {
  console.log(`strict: ${e.message.split('\n')[0]}`);
}
try {
  hb.compile('{{#if}}unclosed')({});
} catch (e) {
  console.log(`parse error: ${e.message.split('\n')[0]}`);
}
const ast = hb.parse('Hi {{name}} {{#if x}}y{{/if}}');
console.log(`ast: ${ast.body.map((n) => n.type).join(',')}`);
console.log(hb.compile('{{#each nums}}{{#if (eq this 2)}}two{{else if (eq this 3)}}three{{else}}{{this}}{{/if}} {{/each}}')({ nums: [1, 2, 3, 4] }));
console.log(hb.Utils.escapeExpression('<a href="x">&`=\'</a>'));
