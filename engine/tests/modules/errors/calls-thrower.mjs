import { fail } from './thrower.mjs';
fail();
