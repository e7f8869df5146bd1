// Intl (ECMA-402) through ICU4X. Every expected string is what Node (full
// ICU) prints for the same call, for en/en-US unless noted.
var finished = false;

if (typeof Intl === "undefined") {
  // Built without the `intl` feature: the locale-independent forms.
  assertEq((1234.5).toLocaleString(), "1234.5", "fallback Number toLocaleString");
  finished = true;
  console.log("finished");
} else {
  // NumberFormat: grouping, digits, rounding.
  const nf = (o, x, loc) => new Intl.NumberFormat(loc || "en-US", o).format(x);
  assertEq(nf({}, 1234567.891), "1,234,567.891", "default grouping and 3 fraction digits");
  assertEq(nf({}, -0), "-0", "negative zero");
  assertEq(nf({}, 1234567.891, "de-DE"), "1.234.567,891", "German separators");
  assertEq(nf({}, 1234.5, "fr"), "1\u202f234,5", "French narrow no-break space");
  assertEq(nf({ maximumFractionDigits: 2 }, 1.005), "1.01", "rounds the shortest decimal, like ICU");
  assertEq(nf({ minimumFractionDigits: 2 }, 3), "3.00", "minimumFractionDigits pads");
  assertEq(nf({ maximumSignificantDigits: 3 }, 123456), "123,000", "significant digits");
  assertEq(nf({ minimumIntegerDigits: 3 }, 5), "005", "minimumIntegerDigits");
  assertEq(nf({ useGrouping: false }, 12345), "12345", "useGrouping false");
  assertEq(nf({ maximumFractionDigits: 0, roundingMode: "floor" }, -1.5), "-2", "roundingMode floor");
  assertEq(nf({ maximumFractionDigits: 0, roundingMode: "halfEven" }, 2.5), "2", "roundingMode halfEven");
  assertEq(nf({ roundingIncrement: 5, maximumFractionDigits: 2, minimumFractionDigits: 2 }, 1.23), "1.25", "roundingIncrement");
  assertEq(nf({ minimumFractionDigits: 2, trailingZeroDisplay: "stripIfInteger" }, 4), "4", "stripIfInteger");
  assertEq(nf({ signDisplay: "always" }, 5), "+5", "signDisplay always");
  assertEq(nf({ signDisplay: "exceptZero" }, 0), "0", "signDisplay exceptZero");
  assertEq(nf({ signDisplay: "never" }, -3), "3", "signDisplay never");
  assertEq(nf({ notation: "scientific" }, 123456), "1.235E5", "scientific");
  assertEq(nf({ notation: "engineering" }, 123456), "123.456E3", "engineering");
  assertEq(nf({}, NaN), "NaN", "NaN");
  assertEq(nf({}, -Infinity), "-∞", "infinity");
  assertEq(nf({}, 12345678901234567890n), "12,345,678,901,234,567,890", "BigInt keeps every digit");
  assertEq(nf({}, "1234567890.123456789"), "1,234,567,890.123", "a numeric string keeps its digits");
  // Styles.
  assertEq(nf({ style: "percent" }, 0.256), "26%", "percent");
  assertEq(nf({ style: "currency", currency: "USD" }, -1234.5), "-$1,234.50", "currency symbol");
  assertEq(nf({ style: "currency", currency: "EUR", currencyDisplay: "code" }, 1234.5), "EUR\u00a01,234.50", "currency code");
  assertEq(nf({ style: "currency", currency: "USD", currencyDisplay: "name" }, 1), "1.00 US dollars", "currency name");
  assertEq(nf({ style: "currency", currency: "JPY" }, 1234.5), "¥1,235", "currency digits of JPY");
  assertEq(nf({ style: "currency", currency: "USD", currencySign: "accounting" }, -5), "($5.00)", "accounting");
  assertEq(nf({ style: "unit", unit: "kilometer-per-hour" }, 50), "50 km/h", "unit per unit");
  assertEq(nf({ style: "unit", unit: "celsius" }, 21), "21°C", "unit celsius");
  assertEq(nf({ style: "unit", unit: "liter", unitDisplay: "long" }, 2), "2 liters", "unit long");
  // formatToParts and resolvedOptions.
  const parts = new Intl.NumberFormat("en").formatToParts(-1234.5);
  assertEq(parts.map(p => p.type).join(), "minusSign,integer,group,integer,decimal,fraction", "part types");
  assertEq(parts.map(p => p.value).join("|"), "-|1|,|234|.|5", "part values");
  const ro = new Intl.NumberFormat("de", { style: "currency", currency: "eur" }).resolvedOptions();
  assertEq(ro.locale, "de", "resolved locale");
  assertEq(ro.currency, "EUR", "currency upper-cased");
  assertEq(ro.minimumFractionDigits, 2, "currency's minimum fraction digits");
  assertEq(ro.useGrouping, "auto", "useGrouping resolves to auto");
  const fmt = new Intl.NumberFormat("en");
  assertEq(fmt.format, fmt.format, "format is a bound function, cached");
  assertArray([1, 22, 333].map(fmt.format), ["1", "22", "333"], "bound format detached from its object");
  // Option validation.
  assertThrows(RangeError, () => new Intl.NumberFormat("en", { style: "bogus" }), "bad style");
  assertThrows(TypeError, () => new Intl.NumberFormat("en", { style: "currency" }), "currency missing");
  assertThrows(RangeError, () => new Intl.NumberFormat("en", { currency: "US" }), "malformed currency");
  assertThrows(RangeError, () => new Intl.NumberFormat("en", { minimumFractionDigits: 3, maximumFractionDigits: 1 }), "min > max");
  assertThrows(RangeError, () => new Intl.NumberFormat("en", { maximumFractionDigits: 101 }), "digits out of range");
  assertThrows(TypeError, () => Intl.NumberFormat.prototype.format, "format getter on the prototype");
  // The toLocaleString family.
  assertEq((1234.5).toLocaleString(), "1,234.5", "Number toLocaleString");
  assertEq((1234.5).toLocaleString("fr"), "1\u202f234,5", "Number toLocaleString fr");
  assertEq((0.5).toLocaleString("en", { style: "percent" }), "50%", "options pass through");
  assertEq((12345n).toLocaleString("en"), "12,345", "BigInt toLocaleString");
  assertEq([1234, 5678.9, new Date(0)].toLocaleString("en", { timeZone: "UTC" }), "1,234,5,678.9,1/1/1970, 12:00:00 AM", "Array toLocaleString passes locales and options");

  // PluralRules.
  const pr = new Intl.PluralRules("en");
  assertEq(pr.select(1), "one", "cardinal one");
  assertEq(pr.select(2), "other", "cardinal other");
  const ord = new Intl.PluralRules("en", { type: "ordinal" });
  assertArray([1, 2, 3, 4, 11, 22].map(n => ord.select(n)), ["one", "two", "few", "other", "other", "two"], "ordinals");
  assertEq(new Intl.PluralRules("en", { minimumFractionDigits: 1 }).select(1), "other", "1.0 is other in English");
  assertEq(new Intl.PluralRules("ar").select(3), "few", "Arabic few");
  assertArray(pr.resolvedOptions().pluralCategories, ["one", "other"], "pluralCategories");
  assertEq(pr.selectRange(1, 5), "other", "selectRange");
  assertThrows(TypeError, () => Intl.PluralRules("en"), "PluralRules needs new");

  // Collator.
  assertEq(["b", "a", "C", "ä", "A"].sort(new Intl.Collator("en").compare).join(), "a,A,ä,b,C", "sort order");
  assertEq(["10", "9", "1"].sort(new Intl.Collator("en", { numeric: true }).compare).join(), "1,9,10", "numeric");
  assertEq(new Intl.Collator("en", { sensitivity: "base" }).compare("a", "A"), 0, "base ignores case");
  assertEq(new Intl.Collator("en", { sensitivity: "accent" }).compare("a", "á"), -1, "accent sees accents");
  assertEq(new Intl.Collator("en", { sensitivity: "case" }).compare("a", "á"), 0, "case ignores accents");
  assertEq(new Intl.Collator("en", { caseFirst: "upper" }).compare("a", "A"), 1, "caseFirst upper");
  assertEq("a".localeCompare("B"), -1, "localeCompare");
  assertEq("ä".localeCompare("z", "de"), -1, "German ä before z");
  assertEq("ä".localeCompare("z", "sv"), 1, "Swedish ä after z");
  const co = new Intl.Collator("en-u-kn-true").resolvedOptions();
  assertEq(co.locale, "en-u-kn", "-u-kn kept in the locale");
  assertEq(co.numeric, true, "-u-kn-true read");
  const c1 = new Intl.Collator();
  assertEq(c1.compare, c1.compare, "compare is cached");
  assertEq(new Intl.Collator().compare === c1.compare, false, "each collator has its own compare");

  // DateTimeFormat (weft's local time zone is UTC).
  const d = new Date(Date.UTC(2024, 2, 5, 14, 7, 9, 45));
  const ds = (o, loc) => d.toLocaleString(loc || "en-US", Object.assign({ timeZone: "UTC" }, o));
  assertEq(new Intl.DateTimeFormat("en-US").format(d), "3/5/2024", "default is the date");
  assertEq(d.toLocaleString("en-US"), "3/5/2024, 2:07:09 PM", "toLocaleString, local time is UTC");
  assertEq(d.toLocaleDateString("en-US"), "3/5/2024", "toLocaleDateString");
  assertEq(d.toLocaleTimeString("en-US"), "2:07:09 PM", "toLocaleTimeString");
  assertEq(ds({}, "en-GB"), "05/03/2024, 14:07:09", "en-GB");
  assertEq(ds({ dateStyle: "full" }), "Tuesday, March 5, 2024", "dateStyle full");
  assertEq(ds({ dateStyle: "long" }), "March 5, 2024", "dateStyle long");
  assertEq(ds({ dateStyle: "medium" }), "Mar 5, 2024", "dateStyle medium");
  assertEq(ds({ dateStyle: "short" }), "3/5/24", "dateStyle short");
  assertEq(ds({ timeStyle: "short" }), "2:07 PM", "timeStyle short");
  assertEq(ds({ timeStyle: "long" }), "2:07:09 PM UTC", "timeStyle long");
  assertEq(ds({ timeStyle: "full" }), "2:07:09 PM Coordinated Universal Time", "timeStyle full");
  assertEq(ds({ dateStyle: "medium", timeStyle: "short" }), "Mar 5, 2024, 2:07 PM", "both styles");
  assertEq(ds({ weekday: "long", year: "numeric", month: "long", day: "numeric" }), "Tuesday, March 5, 2024", "components");
  assertEq(ds({ month: "short", day: "numeric" }), "Mar 5", "month and day");
  assertEq(ds({ hour: "2-digit", minute: "2-digit", hour12: false }), "14:07", "24-hour clock");
  assertEq(ds({ hour: "numeric", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3 }), "2:07:09.045 PM", "fractional seconds");
  assertEq(ds({ year: "2-digit", month: "2-digit", day: "2-digit" }), "03/05/24", "2-digit fields");
  assertEq(ds({ hour: "numeric", timeZoneName: "short" }), "2 PM UTC", "timeZoneName");
  assertEq(ds({ era: "short", year: "numeric" }), "2024 AD", "era");
  const dparts = new Intl.DateTimeFormat("en-US", { timeZone: "UTC" }).formatToParts(d);
  assertEq(dparts.map(p => p.type + ":" + p.value).join(), "month:3,literal:/,day:5,literal:/,year:2024", "date parts");
  const dro = new Intl.DateTimeFormat("en-US", { hour: "numeric" }).resolvedOptions();
  assertEq(dro.timeZone, "UTC", "default time zone");
  assertEq(dro.calendar, "gregory", "calendar");
  assertEq(dro.hourCycle, "h12", "English hour cycle");
  assertEq(dro.hour12, true, "hour12");
  assertEq(new Date(NaN).toLocaleString(), "Invalid Date", "invalid date");
  assertThrows(RangeError, () => new Intl.DateTimeFormat("en").format(NaN), "format NaN");
  assertThrows(TypeError, () => new Intl.DateTimeFormat("en", { dateStyle: "short", year: "numeric" }), "style with components");
  assertThrows(RangeError, () => new Intl.DateTimeFormat("en", { timeZone: "Mars/Base" }), "unknown time zone");
  assertThrows(TypeError, () => d.toLocaleDateString("en", { timeStyle: "short" }), "toLocaleDateString with timeStyle");

  // Locales.
  assertArray(Intl.getCanonicalLocales(["EN-us", "zh-hant-tw", "en-US"]), ["en-US", "zh-Hant-TW"], "canonical, deduplicated");
  assertThrows(RangeError, () => Intl.getCanonicalLocales("en_US"), "underscore");
  assertThrows(TypeError, () => Intl.getCanonicalLocales([5]), "non-string locale");
  assertArray(Intl.NumberFormat.supportedLocalesOf(["en-US", "de", "xx", "zh-Hant"]), ["en-US", "de", "zh-Hant"], "supportedLocalesOf");
  assertEq(new Intl.NumberFormat("xx").resolvedOptions().locale, "en-US", "default locale");
  assertEq(Object.prototype.toString.call(Intl), "[object Intl]", "Intl tag");
  assertEq(Object.prototype.toString.call(new Intl.DateTimeFormat()), "[object Intl.DateTimeFormat]", "DateTimeFormat tag");

  // Formatters are shared objects: use one from several places at once.
  const shared = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
  const out = [];
  for (let i = 0; i < 200; i++) out.push(shared.format(i + 0.25));
  assertEq(out[199], "199.3", "a formatter reused many times");
  finished = true;
  console.log("finished");
}
