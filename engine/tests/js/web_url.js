// URL and URLSearchParams: parsing, components, setters, the live link
// between a URL and its searchParams, and the URLSearchParams methods.
// (engine/tests/web.rs also runs the web-platform-tests URL data.)
var finished = false;

// --- Parsing and components.
{
  const u = new URL("../b/c?x=1&y=2#frag", "https://user:pw@EXAMPLE.com:8080/a/d");
  assertEq(u.href, "https://user:pw@example.com:8080/b/c?x=1&y=2#frag");
  assertEq(u.origin, "https://example.com:8080");
  assertEq(u.protocol, "https:");
  assertEq(u.username, "user");
  assertEq(u.password, "pw");
  assertEq(u.host, "example.com:8080");
  assertEq(u.hostname, "example.com");
  assertEq(u.port, "8080");
  assertEq(u.pathname, "/b/c");
  assertEq(u.search, "?x=1&y=2");
  assertEq(u.hash, "#frag");
  assertEq(String(u), u.href);
  assertEq(u.toJSON(), u.href);
  assertEq(JSON.stringify({ u }), '{"u":"' + u.href + '"}');
  assertEq(new URL("HTTP://h:80/").href, "http://h/", "default port dropped, scheme lowercased");
  assertEq(new URL("http://h/a/./b/../c").pathname, "/a/c");
  assertEq(new URL("http://h/ä b").pathname, "/%C3%A4%20b");
  assertEq(new URL("http://bücher.de/").hostname, "xn--bcher-kva.de", "IDNA");
  assertEq(new URL("http://[::1]:3000/").host, "[::1]:3000");
  assertEq(new URL("http://0x7f.1/").hostname, "127.0.0.1", "IPv4 forms");
  assertEq(new URL("mailto:someone@example.com").pathname, "someone@example.com");
  assertEq(new URL("file:///tmp/x").origin, "null");
  assertEq(new URL("blob:https://a.example/id").origin, "https://a.example");
  assertEq(new URL("http://h/", undefined).href, "http://h/", "undefined base is no base");
  const base = new URL("http://base/dir/");
  assertEq(new URL("x", base).href, "http://base/dir/x", "a URL object as base");
}

// --- Failures, canParse and parse.
{
  const e = assertThrows(TypeError, () => new URL("no scheme"));
  assertEq(e.message.includes("no scheme"), true, "the message names the input");
  assertThrows(TypeError, () => new URL("x", "not a base"));
  assertThrows(TypeError, () => new URL("http://exa mple.com/"));
  assertThrows(TypeError, () => new URL(), "one argument required");
  assertThrows(TypeError, () => URL("http://h/"), "needs new");
  assertEq(URL.canParse("http://h/"), true);
  assertEq(URL.canParse("/p"), false);
  assertEq(URL.canParse("/p", "http://h/"), true);
  assertEq(URL.parse("nope"), null);
  const p = URL.parse("/p?q", "http://h/");
  assertEq(p instanceof URL, true);
  assertEq(p.href, "http://h/p?q");
}

// --- Setters.
{
  const u = new URL("http://h/p");
  u.protocol = "https";
  u.username = "me";
  u.password = "secret";
  u.hostname = "example.org";
  u.port = "8443";
  u.pathname = "a b";
  u.search = "k=v";
  u.hash = "h";
  assertEq(u.href, "https://me:secret@example.org:8443/a%20b?k=v#h");
  u.port = "443";
  assertEq(u.port, "", "default port clears");
  u.host = "other:81";
  assertEq(u.host, "other:81");
  u.protocol = "foo";
  assertEq(u.protocol, "https:", "cannot switch a special URL to a non-special scheme");
  u.search = "";
  u.hash = "";
  assertEq(u.href, "https://me:secret@other:81/a%20b");
  u.href = "http://new/";
  assertEq(u.hostname, "new");
  assertThrows(TypeError, () => { u.href = "bad"; }, "href setter validates");
  assertEq(u.href, "http://new/", "unchanged after a failed href set");
  const originDesc = Object.getOwnPropertyDescriptor(URL.prototype, "origin");
  assertEq(originDesc.set, undefined, "origin is read-only");
  assertThrows(TypeError, () => originDesc.get.call({}), "getter on a non-URL");
}

// --- searchParams is live, both ways.
{
  const u = new URL("http://h/?a=1&b=2");
  const sp = u.searchParams;
  assertEq(u.searchParams, sp, "the same object each time");
  assertEq(sp.get("a"), "1");
  sp.append("c", "x y");
  assertEq(u.search, "?a=1&b=2&c=x+y");
  u.search = "?z=9";
  assertEq(sp.get("a"), null);
  assertEq(sp.get("z"), "9");
  u.href = "http://h/?q=%26";
  assertEq(sp.get("q"), "&");
  sp.delete("q");
  assertEq(u.href, "http://h/", "an empty list removes the query");
  sp.set("k", "é");
  assertEq(u.search, "?k=%C3%A9");
}

// --- URLSearchParams.
{
  const p = new URLSearchParams("?b=2&a=1&b=3&c=%20+&d");
  assertEq(p.size, 5);
  assertEq(p.get("c"), "  ");
  assertEq(p.get("d"), "");
  assertEq(p.get("missing"), null);
  assertArray(p.getAll("b"), ["2", "3"]);
  assertEq(p.has("b"), true);
  assertEq(p.has("b", "3"), true);
  assertEq(p.has("b", "4"), false);
  p.delete("b", "2");
  assertArray(p.getAll("b"), ["3"], "delete with a value");
  p.append("a", "0");
  p.sort();
  assertEq(p.toString(), "a=1&a=0&b=3&c=++&d=", "sort is stable");
  p.set("a", "x");
  assertEq(p.toString(), "a=x&b=3&c=++&d=", "set replaces the first and drops the rest");
  assertArray([...p.keys()], ["a", "b", "c", "d"]);
  assertArray([...p.values()], ["x", "3", "  ", ""]);
  const entries = [...p];
  assertEq(entries[0][0] + "=" + entries[0][1], "a=x");
  const seen = [];
  p.forEach(function (v, k, self) { seen.push(k + ":" + v); assertEq(self, p); assertEq(this.t, 1); }, { t: 1 });
  assertEq(seen.join(), "a:x,b:3,c:  ,d:");
  const it = p.entries();
  assertEq(Object.prototype.toString.call(it), "[object URLSearchParams Iterator]");
  assertEq(Object.getPrototypeOf(Object.getPrototypeOf(it)), Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
  p.append("e", "5");
  assertEq([...it].length, 5, "iterators see appended pairs");
  assertEq(p[Symbol.iterator], p.entries);
}

// --- Constructor forms and encoding.
{
  assertEq(new URLSearchParams([["a", "1"], ["a", "2"]]).toString(), "a=1&a=2");
  assertEq(new URLSearchParams({ x: "1", y: "é", z: 3 }).toString(), "x=1&y=%C3%A9&z=3");
  assertEq(new URLSearchParams(new URLSearchParams("q=1")).get("q"), "1");
  assertEq(new URLSearchParams(new Map([["m", "v"]])).get("m"), "v");
  assertEq(new URLSearchParams("a=b=c").get("a"), "b=c");
  assertEq(new URLSearchParams("%zz=%41").toString(), "%25zz=A");
  assertEq(new URLSearchParams("a=\ud800").get("a"), "\ufffd", "USVString conversion");
  assertEq(new URLSearchParams({ "*-._": "~!'()" }).toString(), "*-._=%7E%21%27%28%29");
  assertThrows(TypeError, () => new URLSearchParams([["a"]]), "a pair needs two items");
  assertThrows(TypeError, () => new URLSearchParams([1]), "a pair must be iterable");
  assertThrows(TypeError, () => new URLSearchParams().append("a"), "two arguments required");
  assertThrows(TypeError, () => URLSearchParams.prototype.get.call({}, "a"));
  assertEq(new URLSearchParams().toString(), "");
}

finished = true;
console.log("finished");
