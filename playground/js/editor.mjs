// The playground's code editor: CodeMirror 6 with JavaScript highlighting,
// line numbers, and the error of a failed run marked at its line and
// column. (Ctrl/Cmd+Enter and Escape belong to the page: its shortcut
// handler runs and stops; here Mod-Enter only must not insert a line.) scripts/build-playground.sh
// bundles this file (with CodeMirror) into dist/playground-js/editor.js;
// playground/src/editor.rs loads it at run time.

import { EditorView, basicSetup } from 'codemirror';
import { Decoration, keymap } from '@codemirror/view';
import { Compartment, EditorState, Prec, StateEffect, StateField } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { oneDark } from '@codemirror/theme-one-dark';
import { lintGutter, setDiagnostics } from '@codemirror/lint';

// Line marks laid over the code: each thread's current line in its lane
// colour (the interleaving view) and the lines of data races (underlined
// from the access to the end of its word).
const setMarks = StateEffect.define();
const marksField = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    marks = marks.map(tr.changes);
    for (const e of tr.effects) if (e.is(setMarks)) marks = e.value;
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/// The span of the token `pattern` matches at 1-based `line` and `column`
/// of `doc` (at least one character), clamped to the line.
function wordAt(doc, line, column, pattern) {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const from = at.from + Math.min(Math.max(column - 1, 0), at.length);
  const word = pattern.exec(doc.sliceString(from, at.to));
  return { from, to: Math.max(from, Math.min(at.to, from + Math.max(1, word ? word[0].length : 1))) };
}

/// The line decorations for `threads` ([{line, thread, text}]) and `races`
/// ([{line, column, text}]) in `doc`.
function decorationsFor(doc, threads, races) {
  const ranges = [];
  const lineAt = (n) => doc.line(Math.min(Math.max(n, 1), doc.lines));
  const here = new Map();
  for (const m of threads) {
    const list = here.get(m.line) ?? [];
    list.push(m);
    here.set(m.line, list);
  }
  for (const [n, list] of here) {
    const at = lineAt(n);
    const first = list[0].thread % 8;
    ranges.push(Decoration.line({
      class: `cm-thread-line thread-color-${first}`,
      attributes: { 'data-threads': list.map((m) => m.thread).join(' '), title: list.map((m) => m.text).join('\n') },
    }).range(at.from));
  }
  for (const line of new Set(races.map((r) => r.line))) {
    ranges.push(Decoration.line({ class: 'cm-race-line' }).range(lineAt(line).from));
  }
  return Decoration.set(ranges, true);
}

/// An editor in `parent`; `onChange(text)` is called after every edit.
export function createEditor(parent, { doc, dark, compact, onChange }) {
  const theme = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => true }])),
        basicSetup,
        javascript(),
        lintGutter(),
        marksField,
        theme.of(dark ? oneDark : []),
        EditorView.updateListener.of((update) => update.docChanged && onChange(update.state.doc.toString())),
        EditorView.contentAttributes.of({ 'aria-label': 'JavaScript program' }),
        // The playground's editor fills its pane; a widget's is as tall as
        // its code, up to a limit.
        compact
          ? EditorView.theme({ '&': { maxHeight: '22rem' }, '.cm-scroller': { overflow: 'auto' }, '.cm-content': { fontSize: '13px' } })
          : EditorView.theme({ '&': { height: '100%' }, '.cm-scroller': { overflow: 'auto' } }),
      ],
    }),
  });

  // The lint gutter and underlines show the run's error and its races
  // together: each kind is set on its own, and both are shown.
  let errors = [];
  let raceMarks = [];
  const showDiagnostics = () => view.dispatch(setDiagnostics(view.state, [...errors, ...raceMarks]));

  return {
    getDoc: () => view.state.doc.toString(),
    setDoc(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /// Marks the error at 1-based `line` and `column` (the column clamped
    /// to the line), underlining to the end of the token.
    markError(line, column, message) {
      const { from, to } = wordAt(view.state.doc, line, column, /^[\w$]+/);
      errors = [{ from, to, severity: 'error', message }];
      showDiagnostics();
      view.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    },
    clearError() {
      errors = [];
      showDiagnostics();
    },
    /// Marks each thread's line (`threads`: JSON [{line, thread, text}])
    /// and the data races' accesses (`races`: JSON [{line, column, text}]).
    markLines(threads, races) {
      const doc = view.state.doc;
      const raceList = JSON.parse(races);
      view.dispatch({ effects: setMarks.of(decorationsFor(doc, JSON.parse(threads), raceList)) });
      // Each race's accesses: a warning in the gutter and underlined.
      raceMarks = raceList.map((r) => ({ ...wordAt(doc, r.line, r.column, /^[\w$.[\]]+/), severity: 'warning', message: r.text, markClass: 'cm-race' }));
      showDiagnostics();
    },
    setDark(on) {
      view.dispatch({ effects: theme.reconfigure(on ? oneDark : []) });
    },
    focus: () => view.focus(),
  };
}
