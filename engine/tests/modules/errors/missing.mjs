import { x } from './nope.mjs';
print(x);
