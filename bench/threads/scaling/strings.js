// String-heavy work: building, splitting, joining, searching and
// replacing strings.
function work(units) {
  let total = 0;
  for (let u = 0; u < units; u++) {
    const parts = [];
    for (let i = 0; i < 20; i++) parts.push("item" + i + ":" + (i * u % 97));
    const line = parts.join(",");
    const fields = line.split(",");
    for (const f of fields) {
      const [name, value] = f.split(":");
      total += name.length + value.length;
    }
    total += line.toUpperCase().indexOf("ITEM19");
    total += line.replace(/item/g, "x").length;
    total += line.slice(5, 40).trim().length;
  }
  return total;
}
