// highlight.js: syntax-highlight snippets in several languages (its
// grammars are large, intricate regular expressions), plus language
// auto-detection; print the HTML and relevance scores.
import hljs from 'highlight.js/lib/core';
import javascript from 'highlight.js/lib/languages/javascript';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import css from 'highlight.js/lib/languages/css';
import xml from 'highlight.js/lib/languages/xml';
import sql from 'highlight.js/lib/languages/sql';
import json from 'highlight.js/lib/languages/json';
import bash from 'highlight.js/lib/languages/bash';

for (const [name, lang] of Object.entries({ javascript, python, rust, css, xml, sql, json, bash })) hljs.registerLanguage(name, lang);

const snippets = {
  javascript: "import x from 'y';\nconst re = /a+b/g, t = `sum ${1 + 2}`;\nclass A extends B { static #p = 1n; async *m() { yield await f?.(0x1F); } }\n// comment\nexport default () => ({ a: [1, 2.5e3], 'k': null });",
  python: 'import re\n@decorator\ndef f(x: int = 3, *args, **kw) -> str:\n    """doc"""\n    return f"{x!r:>10}" if x else b"\\x00"\nclass C(Base): pass  # comment\nprint(lambda y: y ** 2, [i for i in range(10) if i % 2])',
  rust: "use std::collections::HashMap;\n#[derive(Debug)]\npub struct S<'a> { name: &'a str }\nfn main() -> Result<(), Box<dyn Error>> {\n    let mut m: HashMap<u32, String> = HashMap::new();\n    m.insert(1u32, r#\"raw\"#.to_string()); // c\n    println!(\"{:?}\", m); Ok(())\n}",
  css: '@media (max-width: 600px) { .a > b::before, #id:hover { color: #FFF !important; margin: 0 auto; content: "x"; } }\n:root { --v: calc(1px + 2em); }',
  xml: '<?xml version="1.0"?>\n<!DOCTYPE note>\n<note lang="en"><to>Tove</to><!-- c --><![CDATA[ <raw> ]]><b attr=\'v\'>&amp;</b></note>',
  sql: "SELECT u.id, COUNT(*) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.name LIKE 'A%' AND o.total > 10.5 GROUP BY u.id HAVING n > 1 ORDER BY n DESC; -- done",
  json: '{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d\\n"}}',
  bash: '#!/bin/bash\nfor f in *.txt; do\n  if [[ -f "$f" ]]; then echo "${f%.txt} $((1 + 2))" | grep -v x > /dev/null 2>&1; fi\ndone # loop\nexport PATH="$HOME/bin:$PATH"',
};

for (const [language, code] of Object.entries(snippets)) {
  const r = hljs.highlight(code, { language });
  console.log(`== ${language} relevance ${r.relevance} illegal ${r.illegal}`);
  console.log(r.value);
}
for (const code of Object.values(snippets)) {
  const auto = hljs.highlightAuto(code);
  console.log(`auto: ${auto.language} (${auto.relevance}) second ${auto.secondBest && auto.secondBest.language}`);
}
console.log(`languages: ${hljs.listLanguages().sort().join(',')} getLanguage(js): ${hljs.getLanguage('js') && hljs.getLanguage('js').name}`);
