// semver: parse, compare, sort, range matching, increments and coercion.
import semver from 'semver';

const versions = ['1.2.3', '1.2.3-alpha.1', '1.2.3-alpha.10', '1.2.3-alpha.2', '1.2.3-beta', '0.0.1', '10.0.0', '2.0.0-rc.1+build.5', 'v3.4.5', '=4.0.0', '1.10.0', '1.9.9', '1.2.3-0', '1.2.3-alpha.beta'];
console.log(`valid: ${versions.map((v) => semver.valid(v)).join(' ')}`);
console.log(`sorted: ${semver.sort(versions.filter((v) => semver.valid(v))).join(' ')}`);
console.log(`rsorted: ${semver.rsort(versions.map((v) => semver.clean(v)).filter(Boolean)).join(' ')}`);

const ranges = ['^1.2.0', '~1.2.3', '>=1.2.3 <2.0.0-0', '1.x || >=10', '*', '1.2.3 - 1.10', '^0.0.1', '>1.2.3-alpha.3', '<=1.2.3-alpha.2 || 2.0.0-rc.1'];
for (const r of ranges) {
  const matches = versions.filter((v) => semver.satisfies(v, r));
  const pre = versions.filter((v) => semver.satisfies(v, r, { includePrerelease: true }));
  console.log(`${r} => ${semver.validRange(r)} | ${matches.join(',')} | pre ${pre.length} | max ${semver.maxSatisfying(versions, r)} | min ${semver.minSatisfying(versions, r)} | minVersion ${semver.minVersion(r)}`);
}

const incs = ['major', 'minor', 'patch', 'premajor', 'preminor', 'prepatch', 'prerelease', 'release'];
for (const v of ['1.2.3', '1.2.3-beta.4', '0.0.0-0']) {
  console.log(`inc ${v}: ${incs.map((k) => `${k}=${semver.inc(v, k, 'rc')}`).join(' ')}`);
}
console.log(`diff: ${[['1.2.3', '2.0.0'], ['1.2.3', '1.3.0'], ['1.2.3', '1.2.4-1'], ['1.2.3-1', '1.2.3'], ['1.0.0', '1.0.0']].map(([a, b]) => semver.diff(a, b)).join(' ')}`);
console.log(`coerce: ${['v2', '42.6.7.9.3-alpha', 'release 1.4 build', 'abc', '3.4.5-rc.1+b'].map((v) => String(semver.coerce(v))).join(' ')} | rtl ${semver.coerce('1.2.3.4.5', { rtl: true })} | pre ${semver.coerce('3.4.5-rc.1+b', { includePrerelease: true })}`);
console.log(`compare: ${semver.compare('1.2.3', '1.2.3-rc')} ${semver.compareBuild('1.0.0+2', '1.0.0+10')} ${semver.gt('1.10.0', '1.9.0')} ${semver.lte('1.0.0-rc.1', '1.0.0')} ${semver.eq('1.0.0', 'v1.0.0')} ${semver.cmp('1.0.0', '!=', '1.0.1')}`);
console.log(`parts: ${JSON.stringify([semver.major('4.5.6'), semver.minor('4.5.6'), semver.patch('4.5.6'), semver.prerelease('1.2.3-alpha.7.x'), semver.parse('1.2.3-x+y.z').build])}`);
console.log(`intersects: ${semver.intersects('^1.2.0', '~1.3.0')} ${semver.intersects('^1.2.0', '>=2.0.0')} ${semver.subset('~1.2.3', '^1.0.0')} ${semver.subset('^1.0.0', '~1.2.3')}`);
console.log(`outside: ${semver.gtr('3.0.0', '^2.0.0')} ${semver.ltr('1.0.0', '^2.0.0')} ${semver.outside('2.5.0', '^2.0.0', '>')}`);
console.log(`simplify: ${semver.simplifyRange(versions.filter((v) => semver.valid(v)), '1.2.3 || 1.9.9 || 1.10.0 || 10.0.0')}`);
const r = new semver.Range('>=1.0.0 <1.5.0 || ^2.0.0-beta');
console.log(`range set: ${JSON.stringify(r.set.map((cs) => cs.map((c) => `${c.operator}${c.semver.version}`)))} test ${r.test('2.0.0-beta.3')}`);
for (const bad of ['1.2', 'x.y.z', '1.2.3.4', '']) console.log(`invalid ${JSON.stringify(bad)}: valid ${semver.valid(bad)} range ${semver.validRange(bad)}`);
try {
  new semver.SemVer('not-a-version');
} catch (e) {
  console.log(`${e.name}: ${e.message}`);
}
