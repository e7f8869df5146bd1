import { fine } from './bad-syntax.mjs';
print(fine);
