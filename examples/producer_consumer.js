// Producer/consumer with a Condition: the consumer waits in a loop on its
// predicate, which is safe against spurious wake-ups.
const lock = new Lock();
const nonEmpty = new Condition();
const queue = [];

const consumer = new Thread(() => {
  let total = 0;
  for (;;) {
    const item = lock.hold(() => {
      while (queue.length === 0) nonEmpty.wait(lock);
      return queue.shift();
    });
    if (item === null) return total;
    total += item;
  }
});

for (let i = 1; i <= 100; i++) lock.hold(() => { queue.push(i); nonEmpty.notify(); });
lock.hold(() => { queue.push(null); nonEmpty.notify(); });
print("consumed total:", consumer.join());
