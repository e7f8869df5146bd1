// Lesson: find the interleaving that loses an update. Two threads each add
// 1 to a shared counter twice. `counter.n++` is a read, then a write: if
// both threads read before either writes, one write overwrites the other.
// Explore lists every total the program can print (2, 3 and 4); Replay
// shows the reads and writes that lead to each, step by step.
const counter = { n: 0 };
const threads = [1, 2].map(() => new Thread(() => {
  for (let i = 0; i < 2; i++) counter.n++;
}));
threads.forEach((t) => t.join());
console.log("counter:", counter.n);
