// prettier (standalone, babel + estree + markdown + css plugins): format
// messy JavaScript, TypeScript-free JSX-free JS, CSS and Markdown; print the
// results and whether formatting is idempotent.
import * as prettier from 'prettier/standalone';
import * as babel from 'prettier/plugins/babel';
import * as estree from 'prettier/plugins/estree';
import * as markdown from 'prettier/plugins/markdown';
import * as postcss from 'prettier/plugins/postcss';
import doc from './marked.md' with { type: 'text' };

const plugins = [babel, estree, markdown, postcss];

const js = `
const   x = {a:1,b:[1,2,3,],  'c-d': function(){return this.a}, async *gen(){ yield* other() }, get z(){return 1}}
class A extends B{ static #n=0; #p; constructor(...args){super(...args);this.#p=args?.[0]??null} m(){ return a ? b : c ? d : e } }
async function main(){ for await(const v of stream) { if(!v) continue; else { console.log(\`v=\${v}\`) } } try{ await x }catch{ } finally { done() } }
const longCall = someFunction(argumentNumberOne, argumentNumberTwo, argumentNumberThree, argumentNumberFour);
let re = /ab+c/giu, big = 123n ** 2n, n = 0xFF_FF, s = 'it\\'s', t = "say \\"hi\\"";
label: for (let i=0;i<10;i++) { switch(i){case 1: break label; default: i++} }
export default (a, b) => ({ ...a, ...b, [key]: value });
const chained = promise.then(r => r.json()).then(data => data.items.filter(i => i.active).map(i => i.id)).catch(console.error);
`;

const css = `a{color:red;background:URL(x.png)}  @media (max-width:600px){.b>.c+.d~e{margin:0 auto!important;transition:all .3s ease-in-out}}
:root{--main-color:#FFF}.grid{grid-template-areas:"a b" "c d"}`;

async function main() {
  const outJs = await prettier.format(js, { parser: 'babel', plugins });
  console.log(outJs.trimEnd());
  console.log('--- semi: false, singleQuote, printWidth 60, tabs');
  const alt = await prettier.format(js, { parser: 'babel', plugins, semi: false, singleQuote: true, printWidth: 60, useTabs: true, trailingComma: 'none', arrowParens: 'avoid' });
  console.log(alt.trimEnd());
  console.log(`idempotent js: ${(await prettier.format(outJs, { parser: 'babel', plugins })) === outJs}`);
  const outCss = await prettier.format(css, { parser: 'css', plugins });
  console.log(outCss.trimEnd());
  const outMd = await prettier.format(doc, { parser: 'markdown', plugins, proseWrap: 'always', printWidth: 50 });
  console.log(outMd.trimEnd());
  const json = await prettier.format('{"a":1,"b":[true,false,null],"c":{"d":"e"}}', { parser: 'json', plugins });
  console.log(json.trimEnd());
  try {
    await prettier.format('const = 1;', { parser: 'babel', plugins });
  } catch (e) {
    console.log(`syntax error: ${e.constructor.name} line ${e.loc && e.loc.start.line} column ${e.loc && e.loc.start.column}`);
  }
  console.log(`check: ${await prettier.check('const a = 1;\n', { parser: 'babel', plugins })} ${await prettier.check('const a=1', { parser: 'babel', plugins })}`);
}
main().catch((e) => console.log(`failed: ${e && e.name}: ${e && e.message}`));
