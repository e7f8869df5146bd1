import anon, { answer, greeting, double, Point, renamed, 'string name' as str } from './lib.mjs';
import * as ns from './lib.mjs';
import * as re from './reexport.mjs';
import { twice, libDefault, more, lib } from './reexport.mjs';
import dflt from './default-expr.mjs';
import Klass from './default-class.mjs';

function check(cond, what) {
  if (!cond) throw new Error('failed: ' + what);
}

check(answer === 42 && greeting === 'hello', 'named imports');
check(double(4) === 8 && new Point(1, 2).y === 2, 'function and class imports');
check(renamed === 'shh' && str === 'shh', 'renamed and string-named imports');
check(anon() === 'default function' && anon.name === 'default', 'anonymous default function');
check(dflt.value === 7 && Klass.name === 'default', 'default expression and class');
check(ns.answer === 42 && ns.default === anon, 'namespace reads');
check(Object.keys(ns).join() === 'Point,answer,default,double,greeting,renamed,string name', 'namespace keys are sorted');
check(ns[Symbol.toStringTag] === 'Module' && Object.getPrototypeOf(ns) === null, 'namespace shape');
check(!Object.isExtensible(ns) && !Reflect.set(ns, 'answer', 1) && !Reflect.deleteProperty(ns, 'answer'), 'namespace is frozen-ish');
check(twice(5) === 10 && libDefault === anon && re.answer === 42, 'named re-exports');
check(more === 'more' && !('default' in re), 'export * skips default');
check(lib === ns && re.lib === ns, 'export * as ns');
check(Object.keys(re).join() === 'answer,answer2,lib,libDefault,more,twice', 're-export keys');
let threw = false;
try { answer = 1; } catch (e) { threw = e instanceof TypeError; }
check(threw, 'assigning an import throws a TypeError');
check(this === undefined, 'module this is undefined');
check(typeof import.meta === 'object' && import.meta === import.meta, 'import.meta');
print('basic ok');
