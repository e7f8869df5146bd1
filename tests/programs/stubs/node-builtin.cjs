// Stands in for the Node built-ins that packages reference on paths these
// programs never take (see scripts/build-programs.sh): util, whose inspect
// object-inspect (under qs) reads at load (it only looks for inspect.custom);
// stream, which papaparse requires only for Node streams; crypto, which
// crypto-js requires only for random numbers (the program uses none).
exports.inspect = function inspect() {
  throw new Error('util.inspect is not available in these programs');
};
