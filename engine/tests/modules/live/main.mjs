import { count, increment, reset, later } from './counter.mjs';
import * as counter from './counter.mjs';

const seen = [count];
increment();
increment();
seen.push(count, counter.count);
reset();
seen.push(count);
print(seen.join(' '), later);
// Closures see the live binding too.
const read = () => count;
increment();
print('closure', read());
