// DOMException: names, codes, constants, the Error prototype chain.
var finished = false;

{
  const e = new DOMException("went away", "NotFoundError");
  assertEq(e.name, "NotFoundError");
  assertEq(e.message, "went away");
  assertEq(e.code, 8);
  assertEq(e instanceof DOMException, true);
  assertEq(e instanceof Error, true, "inherits from Error.prototype");
  assertEq(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
  assertEq(Object.getPrototypeOf(DOMException), Function.prototype);
  assertEq(String(e), "NotFoundError: went away", "Error.prototype.toString");
  assertEq(Object.prototype.toString.call(e), "[object DOMException]");
  assertEq(typeof e.stack, "string");
  assertEq(Object.keys(e).length, 0, "name, message, code are prototype getters");
  assertEq(e.hasOwnProperty("message"), false);
}

{
  const d = new DOMException();
  assertEq(d.name, "Error");
  assertEq(d.message, "");
  assertEq(d.code, 0);
  assertEq(new DOMException("m", "CustomName").code, 0, "unknown names have code 0");
  assertEq(new DOMException(undefined, undefined).name, "Error");
  assertEq(new DOMException(null, null).message, "null");
  const table = { IndexSizeError: 1, HierarchyRequestError: 3, InvalidCharacterError: 5, NotSupportedError: 9,
    InvalidStateError: 11, SyntaxError: 12, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19,
    AbortError: 20, QuotaExceededError: 22, TimeoutError: 23, DataCloneError: 25, EncodingError: 0 };
  for (const name of Object.keys(table)) assertEq(new DOMException("", name).code, table[name], name);
  assertEq(DOMException.INDEX_SIZE_ERR, 1);
  assertEq(DOMException.VALIDATION_ERR, 16);
  assertEq(DOMException.DATA_CLONE_ERR, 25);
  assertEq(d.ABORT_ERR, 20, "constants on the prototype too");
  assertEq(Object.getOwnPropertyDescriptor(DOMException, "ABORT_ERR").writable, false);
}

{
  assertThrows(TypeError, () => DOMException("x"), "needs new");
  const getter = Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get;
  assertThrows(TypeError, () => getter.call({}), "getter on a foreign object");
  class MyException extends DOMException {
    constructor() { super("sub", "AbortError"); }
  }
  const m = new MyException();
  assertEq(m instanceof MyException, true);
  assertEq(m.code, 20);
  let caught;
  try { throw new DOMException("t", "TimeoutError"); } catch (err) { caught = err; }
  assertEq(caught.name, "TimeoutError");
}

finished = true;
console.log("finished");
