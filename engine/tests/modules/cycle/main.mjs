import { a } from './a.mjs';
import { b } from './b.mjs';
print('main runs:', a, b);
