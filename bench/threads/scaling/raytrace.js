// Raytrace-like floating point: rays against spheres, with small vector
// objects allocated along the way.
class Vec {
  constructor(x, y, z) { this.x = x; this.y = y; this.z = z; }
  sub(o) { return new Vec(this.x - o.x, this.y - o.y, this.z - o.z); }
  dot(o) { return this.x * o.x + this.y * o.y + this.z * o.z; }
  scale(k) { return new Vec(this.x * k, this.y * k, this.z * k); }
}
const spheres = [];
for (let i = 0; i < 8; i++) spheres.push({ c: new Vec(i - 4, Math.sin(i), 10 + i), r: 0.5 + (i % 3) * 0.25 });

function trace(origin, dir) {
  let nearest = Infinity;
  for (const s of spheres) {
    const oc = origin.sub(s.c);
    const b = oc.dot(dir);
    const c = oc.dot(oc) - s.r * s.r;
    const disc = b * b - c;
    if (disc > 0) {
      const t = -b - Math.sqrt(disc);
      if (t > 0 && t < nearest) nearest = t;
    }
  }
  return nearest === Infinity ? 0 : 1 / nearest;
}

function work(units) {
  const origin = new Vec(0, 0, 0);
  let sum = 0;
  for (let u = 0; u < units; u++) {
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const d = new Vec((x - 8) / 16, (y - 8) / 16, 1);
        sum += trace(origin, d.scale(1 / Math.sqrt(d.dot(d))));
      }
    }
  }
  return Math.round(sum);
}
