// zod: schemas for objects, unions, arrays, records, refinements and
// transforms; parse good and bad data and print zod's issue lists.
import { z } from 'zod';

const User = z.object({
  id: z.number().int().positive(),
  name: z.string().min(2).max(20),
  email: z.email(),
  role: z.enum(['admin', 'user', 'guest']).default('user'),
  tags: z.array(z.string()).max(3).optional(),
  address: z.object({ city: z.string(), zip: z.string().regex(/^\d{5}$/) }).partial().optional(),
  age: z.coerce.number().min(0).max(150),
});

const inputs = [
  { id: 1, name: 'Ada', email: 'ada@example.org', age: '36' },
  { id: -1, name: 'A', email: 'nope', role: 'root', tags: ['a', 'b', 'c', 'd'], address: { zip: '123' }, age: 'old' },
  { id: 2.5, name: 12, age: 200 },
  null,
];
for (const input of inputs) {
  const r = User.safeParse(input);
  if (r.success) console.log(`ok ${JSON.stringify(r.data)}`);
  else console.log(`issues: ${JSON.stringify(r.error.issues.map((i) => [i.path.join('.'), i.code]))}`);
}

const Shape = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('circle'), r: z.number() }),
  z.object({ kind: z.literal('rect'), w: z.number(), h: z.number() }),
]);
const area = Shape.transform((s) => (s.kind === 'circle' ? Math.PI * s.r ** 2 : s.w * s.h));
console.log(`areas: ${[{ kind: 'circle', r: 2 }, { kind: 'rect', w: 3, h: 4 }].map((s) => area.parse(s).toFixed(4)).join(' ')} bad ${Shape.safeParse({ kind: 'tri' }).success}`);

const Password = z.string().min(8).refine((s) => /\d/.test(s), { message: 'needs a digit' }).refine((s) => /[A-Z]/.test(s), { message: 'needs upper case' });
for (const pw of ['short', 'longenough', 'Longenough1']) {
  const r = Password.safeParse(pw);
  console.log(`password ${pw}: ${r.success ? 'ok' : r.error.issues.map((i) => i.message).join('; ')}`);
}
const Form = z.object({ pw: z.string(), confirm: z.string() }).superRefine((v, ctx) => {
  if (v.pw !== v.confirm) ctx.addIssue({ code: 'custom', path: ['confirm'], message: 'mismatch' });
});
console.log(`superRefine: ${JSON.stringify(Form.safeParse({ pw: 'a', confirm: 'b' }).error.issues)}`);

const Rec = z.record(z.string(), z.union([z.number(), z.boolean()]));
console.log(`record: ${JSON.stringify(Rec.safeParse({ a: 1, b: true }).data)} ${Rec.safeParse({ a: 'x' }).success}`);
const Tuple = z.tuple([z.string(), z.number()]).rest(z.boolean());
console.log(`tuple: ${JSON.stringify(Tuple.parse(['a', 1, true, false]))} ${Tuple.safeParse(['a', 'b']).success}`);
const Pipeline = z.string().trim().toLowerCase().pipe(z.enum(['yes', 'no'])).transform((v) => v === 'yes');
console.log(`pipe: ${Pipeline.parse('  YES ')} ${Pipeline.safeParse('maybe').success}`);
const Lazy = z.lazy(() => z.object({ v: z.number(), kids: z.array(Lazy) }));
console.log(`recursive: ${Lazy.safeParse({ v: 1, kids: [{ v: 2, kids: [] }] }).success} ${Lazy.safeParse({ v: 1, kids: [{ v: 'x', kids: [] }] }).success}`);
console.log(`strict/passthrough: ${z.strictObject({ a: z.number() }).safeParse({ a: 1, b: 2 }).success} ${JSON.stringify(z.looseObject({ a: z.number() }).parse({ a: 1, b: 2 }))} ${JSON.stringify(z.object({ a: z.number() }).parse({ a: 1, b: 2 }))}`);
console.log(`json schema: ${JSON.stringify(z.toJSONSchema(z.object({ n: z.number().min(1), s: z.string().optional(), e: z.enum(['a', 'b']) })))}`);
const dates = z.iso.datetime();
console.log(`iso: ${['2024-01-01T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01 00:00'].map((d) => dates.safeParse(d).success).join(' ')}`);
console.log(`uuid/ip/cidr/e164: ${z.uuid().safeParse('123e4567-e89b-12d3-a456-426614174000').success} ${z.ipv4().safeParse('256.1.1.1').success} ${z.ipv4().safeParse('10.0.0.255').success} ${z.cidrv4().safeParse('10.0.0.0/8').success} ${z.e164().safeParse('+14155552671').success} ${z.emoji().safeParse('😀👍').success}`);
console.log(`bigint/date: ${z.bigint().positive().safeParse(5n).success} ${z.date().min(new Date(0)).safeParse(new Date(86400000)).success} ${z.nan().safeParse(NaN).success}`);
console.log(`flatten: ${JSON.stringify(z.flattenError(User.safeParse({ id: 'x' }).error))}`);
