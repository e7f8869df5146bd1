import { nothing } from './thrower.mjs';
print(nothing);
