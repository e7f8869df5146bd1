// Sieve of Eratosthenes over plain arrays and Uint8Arrays: integer
// arithmetic and indexed loads and stores.
function sieve(n) {
  const composite = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= n; j += i) composite[j] = 1;
  }
  return count;
}
function sieveArray(n) {
  const flags = [];
  for (let i = 0; i <= n; i++) flags.push(true);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (!flags[i]) continue;
    count++;
    for (let j = i + i; j <= n; j += i) flags[j] = false;
  }
  return count;
}
let total = 0;
for (let round = 0; round < 2; round++) total += sieve(200000) + sieveArray(100000);
if (total !== 55152) throw new Error("sieve: " + total);
