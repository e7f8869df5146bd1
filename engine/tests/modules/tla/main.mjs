import './slow.mjs';
import './fast.mjs';
import './after.mjs';
print('main runs');
const v = await Promise.resolve('awaited in main');
print(v);
