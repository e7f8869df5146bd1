// A deadlock: two threads take two locks in opposite orders. weft names
// the cycle instead of hanging.
const a = new Lock(), b = new Lock();
const ready = { count: 0 };

function takeBoth(first, second) {
  return () => first.hold(() => {
    Atomics.add(ready, "count", 1);
    while (Atomics.load(ready, "count") < 2) {} // both hold their first lock
    second.hold(() => print("never printed"));
  });
}

const t1 = new Thread(takeBoth(a, b));
const t2 = new Thread(takeBoth(b, a));
t1.join();
t2.join();
