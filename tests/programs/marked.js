// marked: render a Markdown document (headings, lists, code, tables,
// quotes, links) to HTML, plus a lexer summary and a few inline renders.
import { marked, Marked } from 'marked';
import doc from './marked.md' with { type: 'text' };

const html = marked.parse(doc, { gfm: true });
console.log(html.trimEnd());

const tokens = marked.lexer(doc);
const kinds = {};
for (const t of tokens) kinds[t.type] = (kinds[t.type] || 0) + 1;
console.log(`tokens: ${JSON.stringify(kinds)}`);
console.log(`links: ${JSON.stringify(tokens.links)}`);

console.log(marked.parseInline('**bold** _em_ `x < y` [a](b) ~~gone~~'));

const custom = new Marked({
  renderer: {
    heading({ tokens, depth }) {
      return `<h${depth} id="${this.parser.parseInline(tokens).toLowerCase().replace(/[^a-z0-9]+/g, '-')}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
    },
    codespan({ text }) {
      return `<kbd>${text}</kbd>`;
    },
  },
  walkTokens(token) {
    if (token.type === 'text' && !token.tokens) token.text = token.text.replace(/weft/g, 'WEFT');
  },
});
console.log(custom.parse('# Hello weft world\n\nPress `Ctrl-C` in weft.\n').trimEnd());
console.log(new Marked({ breaks: true }).parse('line one\nline two').trimEnd());
