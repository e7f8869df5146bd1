// rxjs: observables composed with many operators, subjects, and
// synchronous scheduling only (no timers); print every emission.
import { partition, of, from, range, merge, concat, zip, combineLatest, forkJoin, defer, throwError, EMPTY, Subject, BehaviorSubject, ReplaySubject, Observable, lastValueFrom, firstValueFrom } from 'rxjs';
import { map, filter, scan, reduce, take, takeWhile, skip, distinctUntilChanged, mergeMap, concatMap, switchMap, exhaustMap, bufferCount, pairwise, startWith, catchError, retry, tap, finalize, groupBy, toArray, share, withLatestFrom, every, defaultIfEmpty, materialize, expand } from 'rxjs/operators';

const log = (label) => ({ next: (v) => console.log(`${label}: ${JSON.stringify(v)}`), error: (e) => console.log(`${label} error: ${e.message ?? e}`), complete: () => console.log(`${label}: done`) });

range(1, 10).pipe(filter((n) => n % 2 === 1), map((n) => n * n), scan((acc, n) => acc + n, 0)).subscribe(log('scan'));
of(1, 1, 2, 2, 2, 3, 1).pipe(distinctUntilChanged(), toArray()).subscribe(log('distinct'));
from([1, 2, 3]).pipe(mergeMap((n) => of(n, n * 10))).pipe(toArray()).subscribe(log('mergeMap'));
from(['a', 'b']).pipe(concatMap((s) => range(1, 2).pipe(map((i) => s + i))), toArray()).subscribe(log('concatMap'));
range(0, 8).pipe(bufferCount(3, 2), toArray()).subscribe(log('bufferCount'));
of('x', 'y', 'z').pipe(startWith('w'), pairwise(), toArray()).subscribe(log('pairwise'));
zip(of(1, 2, 3), of('a', 'b'), range(10, 5)).pipe(toArray()).subscribe(log('zip'));
concat(of(1), EMPTY, of(2, 3)).pipe(reduce((a, b) => a + b)).subscribe(log('concat'));
merge(of('m1'), of('m2')).pipe(toArray()).subscribe(log('merge'));
forkJoin({ a: of(1, 2), b: range(5, 3), c: from(Promise.resolve('p')) }).subscribe(log('forkJoin'));
combineLatest([of(1, 2), of('a', 'b')]).pipe(toArray()).subscribe(log('combineLatest'));
range(1, 6).pipe(groupBy((n) => (n % 2 ? 'odd' : 'even')), mergeMap((g) => g.pipe(toArray(), map((items) => [g.key, items]))), toArray()).subscribe(log('groupBy'));
of(5).pipe(expand((n) => (n > 1 ? of(n - 1) : EMPTY)), toArray()).subscribe(log('expand'));
of(1, 2, 3).pipe(materialize(), map((n) => n.kind), toArray()).subscribe(log('materialize'));

let attempts = 0;
defer(() => (++attempts < 3 ? throwError(() => new Error(`fail ${attempts}`)) : of(`ok after ${attempts}`))).pipe(retry(5)).subscribe(log('retry'));
throwError(() => new Error('boom')).pipe(catchError((e) => of(`caught ${e.message}`))).subscribe(log('catchError'));
of(1, 2, 3).pipe(tap((v) => console.log(`tap ${v}`)), takeWhile((v) => v < 3, true), finalize(() => console.log('finalize'))).subscribe(log('takeWhile'));

const subject = new Subject();
subject.pipe(switchMap((n) => range(n, 2))).subscribe(log('switchMap'));
subject.pipe(exhaustMap((n) => of(n * 100))).subscribe(log('exhaustMap'));
subject.next(1);
subject.next(5);
subject.complete();
const behavior = new BehaviorSubject('initial');
behavior.subscribe(log('behavior A'));
behavior.next('second');
behavior.subscribe(log('behavior B'));
const replay = new ReplaySubject(2);
[1, 2, 3].forEach((v) => replay.next(v));
replay.subscribe(log('replay'));
const [evens, odds] = partition(range(1, 6), (n) => n % 2 === 0);
evens.pipe(toArray()).subscribe(log('partition evens'));
odds.pipe(withLatestFrom(of('L')), toArray()).subscribe(log('withLatestFrom'));
range(1, 4).pipe(every((n) => n > 0)).subscribe(log('every'));
EMPTY.pipe(defaultIfEmpty('default')).subscribe(log('defaultIfEmpty'));

let subscriptions = 0;
const cold = new Observable((s) => {
  subscriptions++;
  s.next('hot?');
  s.complete();
  return () => console.log('teardown');
});
const shared = cold.pipe(share());
shared.subscribe(log('share 1'));
shared.subscribe(log('share 2'));
console.log(`subscriptions: ${subscriptions}`);
(async () => {
  console.log(`lastValueFrom: ${await lastValueFrom(range(1, 100).pipe(reduce((a, b) => a + b)))}`);
  console.log(`firstValueFrom: ${await firstValueFrom(of('f1', 'f2'))}`);
  try {
    await firstValueFrom(EMPTY);
  } catch (e) {
    console.log(`EmptyError: ${e.name}`);
  }
})();
console.log('sync part finished');
