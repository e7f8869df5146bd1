import { slow } from './slow.mjs';
print('after runs, sees', slow);
