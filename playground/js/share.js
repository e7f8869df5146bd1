// The playground's state in a URL fragment, compressed (deflate-raw, then
// base64url) so that links never hit a server's length limit:
//   #mode=parallel&code=<compressed source>
// and, for one exact interleaving, &schedule=0x5.1x3.0 (a run's schedule,
// replayed) or &schedule=step:1.2.1 (step mode's choices).
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

/// `{code, mode, schedule}` as a fragment (without the `#`).
export async function encodeState({ code, mode, schedule }) {
  const packed = await pipe(new TextEncoder().encode(code), new CompressionStream('deflate-raw'));
  const params = new URLSearchParams();
  if (mode) params.set('mode', mode);
  if (schedule) params.set('schedule', schedule);
  params.set('code', toBase64Url(packed));
  return params.toString();
}

/// A schedule as links carry it: a replay (`0x5.1x3.0`) or step mode's
/// choices (`step:1.2.1`); anything else is dropped.
const SCHEDULE = /^(step:)?([0-9]+(x[0-9]+)?(\.[0-9]+(x[0-9]+)?)*|-)?$/;

/// The `{code, mode}` in `fragment` (with or without the `#`); null when it
/// holds no code, an Error's message in `error` when the code is damaged.
export async function decodeState(fragment) {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const packed = params.get('code');
  if (!packed) return null;
  const mode = ['locked', 'scheduled'].includes(params.get('mode')) ? params.get('mode') : 'parallel';
  const given = params.get('schedule');
  const schedule = given && SCHEDULE.test(given) ? given : null;
  try {
    const bytes = await pipe(fromBase64Url(packed), new DecompressionStream('deflate-raw'));
    return { code: new TextDecoder().decode(bytes), mode, schedule, error: null };
  } catch (err) {
    return { code: null, mode, schedule, error: `the link's code could not be read (${err.message})` };
  }
}
