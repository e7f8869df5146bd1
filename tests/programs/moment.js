// moment: UTC-only formatting, parsing, arithmetic, durations and
// relative times of fixed timestamps (no local zone, no current time).
import moment from 'moment';

const stamps = [0, 951782400000, 1709210096789, -14182940000, 4102444800000];
for (const ms of stamps) {
  const m = moment.utc(ms);
  console.log(`${ms}: ${m.format()} | ${m.format('dddd, MMMM Do YYYY, h:mm:ss.SSS a [Q]Q [W]W [DDD]DDDD gggg-ww e E X x')} | ${m.toISOString()} ${m.isLeapYear()} ${m.daysInMonth()} ${m.weeksInYear()} ${m.isoWeekday()}`);
}
const base = moment.utc('2024-01-31T10:20:30.400Z');
console.log(`add: ${['d', 'w', 'M', 'Q', 'y', 'h', 'm', 's', 'ms'].map((u) => base.clone().add(1, u).toISOString()).join(' ')}`);
console.log(`startOf/endOf: ${['year', 'quarter', 'month', 'isoWeek', 'week', 'day'].map((u) => `${base.clone().startOf(u).toISOString()}..${base.clone().endOf(u).toISOString()}`).join(' ')}`);
const later = moment.utc('2026-11-29T15:15:00Z');
console.log(`diff: ${['years', 'months', 'weeks', 'days', 'hours'].map((u) => later.diff(base, u)).join(' ')} exact ${later.diff(base, 'months', true).toFixed(6)}`);
console.log(`relative: ${[44, 89, 2700, 5400, 86400 * 2, 86400 * 26, 86400 * 45, 86400 * 320, 86400 * 800].map((s) => base.clone().add(s, 's').from(base)).join(' | ')} | ${base.to(later)} | ${base.from(later, true)}`);
for (const [text, fmt, strict] of [['29/02/2024 23:59', 'DD/MM/YYYY HH:mm', true], ['Feb 29th, 2024 7pm', 'MMM Do, YYYY ha', true], ['2024-02-30', 'YYYY-MM-DD', true], ['12-25-1995', ['MM-DD-YYYY', 'YYYY-MM-DD'], false], ['1700000000', 'X', true], ['2024-W09-4', 'GGGG-[W]WW-E', true]]) {
  const m = moment.utc(text, fmt, strict);
  console.log(`parse ${text}: ${m.isValid() ? m.toISOString() : `invalid (overflow ${m.parsingFlags().overflow})`}`);
}
console.log(`iso parse: ${['2020-02-29', '2020-W05-3', '2020-060', '2020-02-29T12:34:56.789+05:30', '20200229T123456Z'].map((s) => moment.utc(s, moment.ISO_8601).toISOString()).join(' ')}`);
const d = moment.duration({ days: 3, hours: 25, minutes: 61, seconds: 3661.5 });
console.log(`duration: ${d.toISOString()} ${d.asHours().toFixed(4)} ${d.humanize()} ${d.humanize(true)} ${moment.duration(-90, 'minutes').humanize(true)} ${moment.duration('P1Y2M3DT4H5M6S').asDays().toFixed(3)} ${moment.duration('23:59:59.999').asMilliseconds()}`);
console.log(`offsets: ${base.clone().utcOffset(330).format('YYYY-MM-DD HH:mm Z ZZ')} ${base.clone().utcOffset('-01:30').format()} ${moment.parseZone('2024-01-01T00:00:00-07:00').format()} ${moment.parseZone('2024-01-01T00:00:00-07:00').utcOffset()}`);
console.log(`calendar: ${base.clone().add(1, 'd').calendar(base)} | ${base.clone().subtract(3, 'd').calendar(base)} | ${base.clone().add(30, 'd').calendar(base)}`);
console.log(`compare: ${base.isBefore(later)} ${base.isSame(later, 'year')} ${base.isBetween('2024-01-01', '2024-02-01', 'day', '[)')} ${moment.max(base, later).year()} ${moment.min(base, later).year()}`);
console.log(`getters: ${[base.year(), base.month(), base.date(), base.day(), base.hour(), base.minute(), base.second(), base.millisecond(), base.dayOfYear(), base.isoWeek(), base.week(), base.quarter()].join(',')}`);
console.log(`toObject/toArray: ${JSON.stringify(base.toObject())} ${JSON.stringify(base.toArray())} ${JSON.stringify(base)} ${base.valueOf()} ${base.unix()}`);
moment.defineLocale('xx', { parentLocale: 'en', months: 'Ja_Fe_Ma_Ap_My_Jn_Jl_Au_Se_Oc_No_De'.split('_'), relativeTime: { future: 'in %s!', past: '%s back', s: 'secs', ss: '%d secs', m: 'a min', mm: '%d mins', h: 'an hr', hh: '%d hrs', d: 'a day', dd: '%d days', M: 'a mo', MM: '%d mos', y: 'a yr', yy: '%d yrs' } });
console.log(`locale: ${base.clone().locale('xx').format('MMMM Do')} ${base.clone().locale('xx').from(later)} ${moment.locale()}`);
console.log(`invalid: ${moment.utc('nope', 'YYYY', true).isValid()} ${moment.utc(NaN).format()} ${moment.invalid().toISOString()}`);
