// A static file server for the built playground that sends the headers wasm
// threads need (cross-origin isolation: COOP same-origin, COEP
// require-corp, and Document-Isolation-Policy for embedded widgets) and
// lets other origins embed it. Used by the play command and by the browser
// tests.
//
//   node scripts/serve.mjs [DIR] [PORT]      (defaults: dist 8080)

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Isolates the document even inside a page that is not isolated (an
  // embed widget on a documentation site), where the browser supports it
  // (Chromium); elsewhere such a widget runs the single build.
  'Document-Isolation-Policy': 'isolate-and-require-corp',
  // The playground is also a public asset host: documentation sites of
  // other origins load embed.js (a module script: a CORS request) and
  // frame the widget.
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
};

/// Serves `root` on 127.0.0.1:`port` (0 picks a free port). Resolves to
/// `{ url, close }` once listening.
export function serve({ root, port = 8080, headers = ISOLATION_HEADERS }) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolveListen({
        url: `http://127.0.0.1:${server.address().port}/`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  const { url } = await serve({ root, port: Number(port) });
  console.log(`weft playground: ${url}  (cross-origin isolated; Ctrl+C stops)`);
}
