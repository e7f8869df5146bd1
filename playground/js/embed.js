// Runnable weft examples in any documentation page:
//
//   <pre data-weft>const t = new Thread(() => 6 * 7); print(t.join());</pre>
//   <script type="module" src="https://…/weft/embed.js"></script>
//
// Every <pre data-weft> becomes an iframe of the playground's embed mode
// (a compact editor, Run and Stop, the console) holding its code;
// `data-weft-mode="locked"` (or "scheduled") picks the mode, and
// `data-weft-mode="step"` opens it step by step: the reader picks which
// thread takes each next step and watches the shared memory change. The iframe asks for
// cross-origin isolation; where the page is not isolated itself, the
// widget runs the single build (threads interleaved on one core, in
// scheduled mode) and says why.

import { encodeState } from './share.js';

const playground = new URL('./', import.meta.url);
const frames = new Map(); // contentWindow → iframe

async function widget(pre) {
  const code = `${pre.textContent.replace(/^\n+/, '').trimEnd()}\n`;
  const step = pre.dataset.weftMode === 'step';
  const mode = step ? 'scheduled' : ['locked', 'scheduled'].includes(pre.dataset.weftMode) ? pre.dataset.weftMode : 'parallel';
  const schedule = step ? 'step:' : null;
  const iframe = document.createElement('iframe');
  iframe.src = `${new URL('?embed', playground)}#${await encodeState({ code, mode, schedule })}`;
  iframe.allow = 'cross-origin-isolated';
  iframe.title = pre.dataset.weftTitle || 'Runnable JavaScript (weft)';
  iframe.className = 'weft-embed';
  const lines = code.split('\n').length;
  iframe.style.cssText = `display:block;width:100%;border:1px solid #8886;border-radius:8px;height:${Math.min(560, 150 + lines * 19)}px`;
  pre.replaceWith(iframe);
  frames.set(iframe.contentWindow, iframe);
}

// The widget reports its content height so the frame fits it.
window.addEventListener('message', (event) => {
  const iframe = frames.get(event.source);
  if (iframe && event.data?.kind === 'weft-embed-height') iframe.style.height = `${Math.ceil(event.data.height)}px`;
});

await Promise.all([...document.querySelectorAll('pre[data-weft]')].map(widget));
