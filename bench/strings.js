// String workload: building, splitting, joining, searching, replacing.
let words = [];
for (let i = 0; i < 20000; i++) words.push("w" + (i * 7919 % 10007).toString(36));
let text = words.join(" ");
let count = 0;
for (let r = 0; r < 10; r++) {
  const parts = text.split(" ");
  count += parts.filter(w => w.includes("a")).length;
  const upper = parts.slice(0, 2000).map(w => w.toUpperCase()).join(",");
  count += upper.indexOf("WA") >= 0 ? 1 : 0;
  count += text.replace(/w1/g, "W1").length - text.length;
  let acc = "";
  for (let i = 0; i < 3000; i++) acc += parts[i].charAt(0);
  count += acc.length;
}
if (count <= 0) throw new Error("strings: no work done");
