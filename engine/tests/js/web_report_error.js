// reportError: reports and goes on, returning nothing (what it prints is
// checked by engine/tests/web.rs with a recording host).
var finished = false;

assertEq(typeof reportError, "function");
assertEq(reportError.length, 1);
assertEq(reportError(new Error("reported on purpose by web_report_error.js")), undefined);
assertEq(reportError("a string, reported on purpose"), undefined);
assertEq(reportError(undefined), undefined, "undefined is a value to report");
assertThrows(TypeError, () => reportError(), "one argument required");
let after = false;
reportError({ toString() { after = true; return "object with toString"; } });
assertEq(after, true, "a non-error is described with its toString");

finished = true;
console.log("finished");
