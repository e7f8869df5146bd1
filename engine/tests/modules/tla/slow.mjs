print('slow starts');
await null;
await new Promise((resolve) => resolve());
export const slow = 'slow done';
print('slow ends');
