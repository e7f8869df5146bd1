// Stands in for the Node built-ins that packages reference on paths these
// programs never take (see scripts/build-programs.sh): util, whose inspect
// object-inspect (under qs) reads at load (it only looks for inspect.custom),
// and stream, which papaparse requires only for Node streams.
exports.inspect = function inspect() {
  throw new Error('util.inspect is not available in these programs');
};
