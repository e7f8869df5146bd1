// Mandelbrot set: floating-point arithmetic in tight loops, no objects.
// Counts the points of a 60×60 grid that stay bounded for 400 steps.
function mandelbrot(size, limit) {
  let inside = 0;
  for (let y = 0; y < size; y++) {
    const ci = (2 * y) / size - 1;
    for (let x = 0; x < size; x++) {
      const cr = (2 * x) / size - 1.5;
      let zr = 0, zi = 0, i = 0;
      while (i < limit && zr * zr + zi * zi <= 4) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
        i++;
      }
      if (i === limit) inside++;
    }
  }
  return inside;
}
const inside = mandelbrot(60, 400);
if (inside !== 1374) throw new Error("mandelbrot: " + inside);
