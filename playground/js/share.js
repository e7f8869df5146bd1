// The playground's state in a URL fragment, compressed (deflate-raw, then
// base64url) so that links never hit a server's length limit:
//   #mode=parallel&code=<compressed source>
// Used by the playground (share links, embeds) and by embed.js; an ES
// module, served as is.

const toBase64Url = (bytes) => {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
};

const fromBase64Url = (text) => {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

async function pipe(bytes, stream) {
  const out = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/// `{code, mode}` as a fragment (without the `#`).
export async function encodeState({ code, mode }) {
  const packed = await pipe(new TextEncoder().encode(code), new CompressionStream('deflate-raw'));
  const params = new URLSearchParams();
  if (mode) params.set('mode', mode);
  params.set('code', toBase64Url(packed));
  return params.toString();
}

/// The `{code, mode}` in `fragment` (with or without the `#`); null when it
/// holds no code, an Error's message in `error` when the code is damaged.
export async function decodeState(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const packed = params.get('code');
  if (!packed) return null;
  const mode = ['locked', 'scheduled'].includes(params.get('mode')) ? params.get('mode') : 'parallel';
  try {
    const bytes = await pipe(fromBase64Url(packed), new DecompressionStream('deflate-raw'));
    return { code: new TextDecoder().decode(bytes), mode, error: null };
  } catch (err) {
    return { code: null, mode, error: `the link's code could not be read (${err.message})` };
  }
}
