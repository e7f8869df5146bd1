// preact + htm + preact-render-to-string: render component trees (function
// and class components, hooks, context, fragments, keyed lists, escaping)
// to HTML strings on the server side; no DOM needed.
import { h, Fragment, Component, createContext } from 'preact';
import { useState, useMemo, useContext, useReducer, useRef, useCallback } from 'preact/hooks';
import { render } from 'preact-render-to-string';
import htm from 'htm';

const html = htm.bind(h);
const Theme = createContext('light');

function Badge({ kind, children }) {
  const theme = useContext(Theme);
  return html`<span class=${`badge badge-${kind} ${theme}`} data-kind=${kind}>${children}</span>`;
}

function Counter({ start }) {
  const [count] = useState(start);
  const [state] = useReducer((s, a) => s + a, 10);
  const doubled = useMemo(() => count * 2, [count]);
  const ref = useRef(null);
  const onClick = useCallback(() => {}, []);
  return html`<button ref=${ref} onClick=${onClick} disabled=${count > 5} aria-label="count">${count} / ${doubled} / ${state}</button>`;
}

class Table extends Component {
  render({ rows }) {
    return html`<table>
      <thead><tr>${['Name', 'Score', 'Note'].map((c) => html`<th key=${c}>${c}</th>`)}</tr></thead>
      <tbody>${rows.map((r) => html`<tr key=${r.name} class=${r.score > 90 ? 'top' : null}><td>${r.name}</td><td style=${{ color: r.score > 90 ? 'green' : 'gray', fontWeight: 700, paddingLeft: 4 }}>${r.score}</td><td>${r.note}</td></tr>`)}</tbody>
    </table>`;
  }
}

function App({ rows }) {
  return html`
    <${Theme.Provider} value="dark">
      <main id="app">
        <h1>Scores & <em>stuff</em></h1>
        <${Badge} kind="info">${rows.length} rows<//>
        <${Counter} start=${3} />
        <${Counter} start=${7} />
        <${Table} rows=${rows} />
        <${Fragment}><p>one</p><p>two</p><//>
        ${false} ${null} ${undefined} ${0} ${''}
        <div dangerouslySetInnerHTML=${{ __html: '<b>raw</b>' }} />
        <input type="checkbox" checked=${true} value="x" />
        <textarea value="text <area>" />
        <select value="b"><option value="a">A</option><option value="b">B</option></select>
        <svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" strokeWidth="2" xlinkHref="#x" /></svg>
      </main>
    <//>`;
}

const rows = [
  { name: 'Ada', score: 98, note: '<script>alert(1)</script>' },
  { name: 'Linus', score: 87, note: '"quoted" & \'single\'' },
  { name: 'Grace', score: 95, note: 'ünïcödé ✓' },
];
console.log(render(html`<${App} rows=${rows} />`));
console.log(render(h('ul', null, Array.from({ length: 5 }, (_, i) => h('li', { key: i, 'data-i': i }, `item ${i}`)))));
console.log(render(h('div', { class: 'a', className: 'b', htmlFor: 'x', tabIndex: 0, hidden: false, draggable: true })));
