// Lesson: the dining philosophers. Three philosophers share three forks
// (Locks), one between each two. Each takes the fork on the left, then the
// one on the right, eats, and puts both down. Almost every run ends well;
// Explore finds the interleaving where each holds their left fork and
// waits for the right one forever, and Replay shows how it got there. The
// fix: every philosopher takes the lower-numbered fork first.
const forks = [new Lock(), new Lock(), new Lock()];
const meals = { eaten: 0 };
const philosophers = [0, 1, 2].map((i) => new Thread(() => {
  const left = forks[i], right = forks[(i + 1) % 3];
  left.hold(() => right.hold(() => Atomics.add(meals, "eaten", 1)));
}));
philosophers.forEach((p) => p.join());
console.log("meals eaten:", meals.eaten);
