// A script (not a module) importing a module.
import('./target.mjs').then((ns) => print('from a script:', ns.value));
