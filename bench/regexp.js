// Regular expressions: matching, capture groups, global replace and split
// over a generated log.
const lines = [];
for (let i = 0; i < 1000; i++) {
  const level = ["INFO", "WARN", "ERROR"][i % 3];
  lines.push(`2026-11-${String(1 + (i % 28)).padStart(2, "0")} 12:${String(i % 60).padStart(2, "0")}:07 ${level} user=u${i % 97} took=${(i * 37) % 1000}ms path=/api/v1/items/${i}`);
}
const log = lines.join("\n");
const entry = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):\d{2} (INFO|WARN|ERROR) user=(\w+) took=(\d+)ms path=(\S+)$/;
let slow = 0, errors = 0, users = new Set();
for (let round = 0; round < 1; round++) {
  for (const line of log.split("\n")) {
    const m = entry.exec(line);
    if (!m) throw new Error("regexp: no match for " + line);
    if (Number(m[8]) > 900) slow++;
    if (m[6] === "ERROR") errors++;
    users.add(m[7]);
  }
}
const masked = log.replace(/user=u(\d+)/g, (_, id) => "user=#" + (id % 10));
const ids = masked.match(/items\/\d+/g).length;
const words = log.split(/\s+/).length;
if (slow !== 99 || errors !== 333 || users.size !== 97 || ids !== 1000 || words !== 6000) {
  throw new Error(`regexp: ${slow} ${errors} ${users.size} ${ids} ${words}`);
}
