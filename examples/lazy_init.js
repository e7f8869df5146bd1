// Lesson: check, then act. Two threads ask for the shared config; each
// checks whether it exists and, if not, makes it. Both can see "not yet"
// before either has made it: then it is made twice, and the threads may
// even hold different configs. Explore lists the outcomes; Replay shows
// both threads reading `cache.config → null`. The fix: make the check and
// the making one step, inside `lock.hold`.
const cache = { config: null };
const made = [];
function getConfig() {
  if (cache.config === null) {
    made.push(Thread.current.id);
    cache.config = { madeBy: Thread.current.id };
  }
  return cache.config;
}
const threads = [1, 2].map(() => new Thread(getConfig));
const [a, b] = threads.map((t) => t.join());
console.log(`made ${made.length} time${made.length === 1 ? "" : "s"}, same config: ${a === b}`);
