print('fast runs');
export const fast = 'fast';
