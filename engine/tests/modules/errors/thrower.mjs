export function fail() {
  throw new RangeError('thrown in an imported module');
}
