// The playground's code editor: CodeMirror 6 with JavaScript highlighting,
// line numbers, and the error of a failed run marked at its line and
// column. (Ctrl/Cmd+Enter and Escape belong to the page: its shortcut
// handler runs and stops; here Mod-Enter only must not insert a line.) scripts/build-playground.sh
// bundles this file (with CodeMirror) into dist/playground-js/editor.js;
// playground/src/editor.rs loads it at run time.

import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { oneDark } from '@codemirror/theme-one-dark';
import { lintGutter, setDiagnostics } from '@codemirror/lint';

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

  return {
    getDoc: () => view.state.doc.toString(),
    setDoc(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /// Marks the error at 1-based `line` and `column` (the column clamped
    /// to the line), underlining to the end of the token.
    markError(line, column, message) {
      const doc = view.state.doc;
      const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
      const from = at.from + Math.min(Math.max(column - 1, 0), at.length);
      const word = /^[\w$]+/.exec(doc.sliceString(from, at.to));
      const to = Math.min(at.to, from + Math.max(1, word ? word[0].length : 1));
      view.dispatch(setDiagnostics(view.state, [{ from, to: Math.max(to, from), severity: 'error', message }]));
      view.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    },
    clearError() {
      view.dispatch(setDiagnostics(view.state, []));
    },
    setDark(on) {
      view.dispatch({ effects: theme.reconfigure(on ? oneDark : []) });
    },
    focus: () => view.focus(),
  };
}
