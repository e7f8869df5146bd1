// JSON round trips of a nested document: stringify, parse, walk.
const doc = { users: [] };
for (let i = 0; i < 500; i++) doc.users.push({ id: i, name: "user" + i, tags: ["a", "b", "c" + (i % 7)], score: i * 1.5, active: i % 2 === 0, address: { city: "City" + (i % 13), zip: String(10000 + i) } });
let total = 0;
for (let round = 0; round < 20; round++) {
  const text = JSON.stringify(doc);
  const back = JSON.parse(text);
  for (const u of back.users) total += u.score + u.tags.length;
}
if (total <= 0) throw new Error("json: nothing parsed");
