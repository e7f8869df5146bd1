print('target evaluated');
export const value = 'dynamic value';
export default 'target default';
