// dayjs: formatting, arithmetic and parsing of fixed UTC timestamps only
// (utc plugin throughout: no local time zone, no Date.now()).
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import advancedFormat from 'dayjs/plugin/advancedFormat';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import duration from 'dayjs/plugin/duration';
import relativeTime from 'dayjs/plugin/relativeTime';
import isoWeek from 'dayjs/plugin/isoWeek';
import weekOfYear from 'dayjs/plugin/weekOfYear';
import dayOfYear from 'dayjs/plugin/dayOfYear';
import isLeapYear from 'dayjs/plugin/isLeapYear';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';

for (const p of [utc, advancedFormat, customParseFormat, duration, relativeTime, isoWeek, weekOfYear, dayOfYear, isLeapYear, quarterOfYear]) dayjs.extend(p);

const stamps = [0, 951782400000, 1709210096789, 1735689599999, -14182940000, 253402300799000];
for (const ms of stamps) {
  const d = dayjs.utc(ms);
  console.log(`${ms}: ${d.format()} | ${d.format('dddd, MMMM D YYYY h:mm:ss.SSS A')} | Q${d.quarter()} ${d.format('Do [week] w, wo')} iso ${d.isoWeek()} doy ${d.dayOfYear()} leap ${d.isLeapYear()} | ${d.toISOString()} | ${d.unix()}`);
}

const base = dayjs.utc('2024-01-31T10:20:30.400Z');
console.log(`base ${base.format('YYYY-MM-DDTHH:mm:ss.SSS[Z]')} valid ${base.isValid()}`);
console.log(`add: ${['day', 'week', 'month', 'quarter', 'year', 'hour', 'minute', 'second', 'millisecond'].map((u) => base.add(1, u).toISOString()).join(' ')}`);
console.log(`subtract 13 months: ${base.subtract(13, 'month').toISOString()}`);
console.log(`startOf: ${['year', 'month', 'week', 'isoWeek', 'day', 'hour'].map((u) => base.startOf(u).toISOString()).join(' ')}`);
console.log(`endOf: ${['year', 'month', 'week', 'day'].map((u) => base.endOf(u).toISOString()).join(' ')}`);
const later = dayjs.utc('2026-11-29T15:15:00Z');
console.log(`diff: ${['year', 'month', 'week', 'day', 'hour', 'minute', 'second'].map((u) => `${u}=${later.diff(base, u)}`).join(' ')} exact months ${later.diff(base, 'month', true).toFixed(6)}`);
console.log(`compare: ${base.isBefore(later)} ${base.isAfter(later)} ${base.isSame(dayjs.utc('2024-01-31T23:00:00Z'), 'day')} ${base.isSame(later, 'year')}`);
console.log(`relative: ${[45, 90, 3000, 7200, 86400 * 3, 86400 * 40, 86400 * 400, 86400 * 3000].map((s) => base.add(s, 'second').from(base)).join(' | ')} | ${base.to(later)}`);
console.log(`set: ${base.set('month', 1).toISOString()} ${base.date(0).toISOString()} ${base.hour(25).toISOString()} ${base.day(0).toISOString()}`);
console.log(`days in month: ${Array.from({ length: 12 }, (_, m) => dayjs.utc(Date.UTC(2024, m, 1)).daysInMonth()).join(',')}`);

for (const [text, fmt] of [['29/02/2024 23:59', 'DD/MM/YYYY HH:mm'], ['2021-W05', 'YYYY-[W]ww'], ['Jan 5th 99 7pm', 'MMM Do YY ha'], ['31/02/2024', 'DD/MM/YYYY'], ['1700000000', 'X']]) {
  const d = dayjs.utc(text, fmt, true);
  console.log(`parse ${JSON.stringify(text)} as ${fmt}: ${d.isValid() ? d.toISOString() : 'invalid'}`);
}
console.log(`parse ISO strings: ${['2020-02-29', '2020-02-29T12:34:56', '2020-02-29T12:34:56.789+05:30', '2020-13-01'].map((s) => { const d = dayjs.utc(s); return d.isValid() ? d.toISOString() : 'invalid'; }).join(' ')}`);

const dur = dayjs.duration({ days: 3, hours: 25, minutes: 61, seconds: 3661.5 });
console.log(`duration: ${dur.toISOString()} ${dur.asHours().toFixed(4)} ${dur.humanize()} ${dur.format('D[d] HH:mm:ss.SSS')} ${dayjs.duration(90061001).toISOString()} ${dayjs.duration('P1Y2M3DT4H5M6S').asDays().toFixed(3)}`);
console.log(`utcOffset: ${base.utcOffset(330).format('YYYY-MM-DD HH:mm Z ZZ')} ${base.utcOffset(-90).format()} ${base.utcOffset(-90).utc().format()}`);
console.log(`toJSON/valueOf: ${JSON.stringify({ when: base })} ${base.valueOf()} ${dayjs.utc(NaN).isValid()} ${String(dayjs.utc('nope'))}`);
