// Named, default and renamed exports.
export const answer = 42;
export let greeting = 'hello';
export function double(x) { return x * 2; }
export class Point {
  constructor(x, y) { this.x = x; this.y = y; }
}
const secret = 'shh';
export { secret as renamed, secret as 'string name' };
export default function () { return 'default function'; }
