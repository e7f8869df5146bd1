// Splay-like tree churn: a binary search tree with constant inserts and
// removals of freshly allocated nodes.
function insert(root, key) {
  const node = { key, left: null, right: null, payload: [key, key + 1] };
  if (root === null) return node;
  let cur = root;
  for (;;) {
    if (key < cur.key) {
      if (cur.left === null) { cur.left = node; return root; }
      cur = cur.left;
    } else {
      if (cur.right === null) { cur.right = node; return root; }
      cur = cur.right;
    }
  }
}
function removeMin(root) {
  if (root === null) return null;
  if (root.left === null) return root.right;
  let parent = root, cur = root.left;
  while (cur.left !== null) { parent = cur; cur = cur.left; }
  parent.left = cur.right;
  return root;
}
function work(units) {
  let root = null;
  let seed = 12345, size = 0, sum = 0;
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < 200; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      root = insert(root, seed % 100000);
      size++;
      if (size > 500) { root = removeMin(root); size--; }
    }
    sum += root.key;
  }
  return sum;
}
