// Drives the web-platform-tests URL data (url_wpt.json, given as the
// global `wpt`) through URL and its setters. Sets `failures` (one name per
// line) and `passed`; engine/tests/web.rs compares the failures with
// url_known_failures.txt.
var failures = [];
var passed = 0;
const components = ["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];
const show = (s) => JSON.stringify(s);

for (const c of wpt.parsing) {
  const hasBase = c.base !== undefined && c.base !== null;
  const name = "parse " + show(c.input) + (hasBase ? " against " + show(c.base) : "");
  let why = "";
  try {
    const u = hasBase ? new URL(c.input, c.base) : new URL(c.input);
    if (c.failure) {
      why = "parsed, expected a failure";
    } else {
      for (const p of components) {
        if (u[p] !== c[p]) { why = p + " is " + show(u[p]) + ", expected " + show(c[p]); break; }
      }
      if (!why && "origin" in c && u.origin !== c.origin) why = "origin is " + show(u.origin);
      if (!why && u.searchParams.toString() !== new URLSearchParams(c.search).toString()) why = "searchParams out of sync";
      if (!why && String(u) !== c.href) why = "toString differs from href";
    }
  } catch (e) {
    if (!c.failure) why = "threw " + e;
    else if (!(e instanceof TypeError)) why = "threw a non-TypeError " + e;
  }
  if (!why) {
    const can = hasBase ? URL.canParse(c.input, c.base) : URL.canParse(c.input);
    if (can === Boolean(c.failure)) why = "URL.canParse says " + can;
    const parsed = hasBase ? URL.parse(c.input, c.base) : URL.parse(c.input);
    if ((parsed === null) !== Boolean(c.failure)) why = "URL.parse disagrees";
  }
  if (why) failures.push(name + ": " + why); else passed++;
}

for (const attr of Object.keys(wpt.setters)) {
  for (const t of wpt.setters[attr]) {
    const name = "set " + attr + " of " + show(t.href) + " to " + show(t.new_value);
    let why = "";
    try {
      const u = new URL(t.href);
      u[attr] = t.new_value;
      for (const p of Object.keys(t.expected)) {
        if (u[p] !== t.expected[p]) { why = p + " is " + show(u[p]) + ", expected " + show(t.expected[p]); break; }
      }
    } catch (e) {
      why = "threw " + e;
    }
    if (why) failures.push(name + ": " + why); else passed++;
  }
}
failures = failures.join("\n");
