export const more = 'more';
export const answer = 'shadowed by an explicit export';
export default 'not re-exported by export *';
