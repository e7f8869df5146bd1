export default { value: 3 + 4 };
