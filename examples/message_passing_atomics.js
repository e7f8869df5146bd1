// Lesson: message passing with Atomics. The writer fills in the message,
// then raises a flag with Atomics.store and wakes the reader; the reader
// sleeps in Atomics.wait until the flag is up, then reads the message.
// Atomics order the two, so whoever sees the flag sees the message, in
// every interleaving (Explore finds one outcome). Without them, see
// "Litmus: message passing": plain writes promise no order.
const message = { text: "" };
const flag = { ready: 0 };
const reader = new Thread(() => {
  while (Atomics.load(flag, "ready") === 0) Atomics.wait(flag, "ready", 0);
  return message.text;
});
const writer = new Thread(() => {
  message.text = "hello";
  Atomics.store(flag, "ready", 1);
  Atomics.notify(flag, "ready");
});
writer.join();
console.log("reader got:", reader.join());
