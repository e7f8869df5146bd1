// Re-exports: named, renamed, default, star and star-as.
export { answer, double as twice } from './lib.mjs';
export { default as libDefault } from './lib.mjs';
export * from './more.mjs';
export * as lib from './lib.mjs';
export const answer2 = 'own';
