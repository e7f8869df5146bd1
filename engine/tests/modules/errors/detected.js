// No .mjs extension: runs as a module because it only parses as one.
import { fail } from './thrower.mjs';
print(typeof fail);
