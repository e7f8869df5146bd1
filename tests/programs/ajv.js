// ajv: compile JSON schemas (ajv generates each validator's code and
// builds it with new Function) and validate good and bad data; print the
// errors ajv reports.
import Ajv from 'ajv';

const ajv = new Ajv({ allErrors: true, strict: false });

const schema = {
  $id: 'https://example.com/order',
  type: 'object',
  required: ['id', 'customer', 'items'],
  additionalProperties: false,
  properties: {
    id: { type: 'integer', minimum: 1 },
    customer: {
      type: 'object',
      required: ['name', 'email'],
      properties: {
        name: { type: 'string', minLength: 2, maxLength: 40 },
        email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$' },
        tier: { enum: ['free', 'pro', 'enterprise'], default: 'free' },
      },
    },
    items: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        type: 'object',
        required: ['sku', 'qty'],
        properties: {
          sku: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
          qty: { type: 'integer', exclusiveMinimum: 0, multipleOf: 1 },
          price: { type: 'number', minimum: 0 },
        },
      },
    },
    notes: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    shipping: {
      oneOf: [
        { type: 'object', properties: { kind: { const: 'pickup' } }, required: ['kind'] },
        { type: 'object', properties: { kind: { const: 'post' }, address: { type: 'string' } }, required: ['kind', 'address'] },
      ],
    },
    tags: { type: 'array', items: { type: 'string' }, contains: { const: 'priority' } },
  },
  if: { properties: { customer: { properties: { tier: { const: 'enterprise' } } } } },
  then: { required: ['notes'] },
};

const validate = ajv.compile(schema);
const cases = [
  { id: 1, customer: { name: 'Ada', email: 'ada@example.org' }, items: [{ sku: 'ABC-1234', qty: 2, price: 9.5 }], shipping: { kind: 'pickup' }, tags: ['priority'] },
  { id: 0, customer: { name: 'A', email: 'nope' }, items: [], extra: true },
  { id: 2.5, customer: { name: 'Grace', email: 'g@h.io', tier: 'enterprise' }, items: [{ sku: 'abc-1', qty: 0 }, { sku: 'abc-1', qty: 0 }], shipping: { kind: 'post' }, tags: ['x'] },
  { id: 3, customer: { name: 'Linus', email: 'l@k.org', tier: 'gold' }, items: [{ sku: 'XYZ-0001', qty: 1 }], notes: 5, shipping: { kind: 'boat' } },
  'not an object',
];
for (const data of cases) {
  const ok = validate(data);
  console.log(`valid: ${ok}`);
  for (const e of validate.errors || []) console.log(`  ${e.instancePath || '/'} ${e.keyword} ${JSON.stringify(e.params)} ${e.message}`);
}

const withDefaults = new Ajv({ useDefaults: true, coerceTypes: true, removeAdditional: 'all' });
const coerce = withDefaults.compile({ type: 'object', properties: { n: { type: 'number' }, b: { type: 'boolean' }, s: { type: 'string', default: 'dflt' }, a: { type: 'array', items: { type: 'integer' } } } });
const data = { n: '42.5', b: 'true', a: ['1', 2, '3'], junk: 1 };
console.log(`coerced: ${coerce(data)} ${JSON.stringify(data)}`);

ajv.addKeyword({ keyword: 'even', type: 'number', validate: (schemaValue, n) => (n % 2 === 0) === schemaValue, errors: false });
ajv.addSchema({ $id: 'defs', definitions: { pos: { type: 'number', exclusiveMinimum: 0 } } });
const refd = ajv.compile({ type: 'array', items: { allOf: [{ $ref: 'defs#/definitions/pos' }, { even: true }] } });
console.log(`custom keyword + $ref: ${refd([2, 4, 6])} ${refd([2, 3, -4])} ${JSON.stringify(refd.errors.map((e) => [e.instancePath, e.keyword]))}`);

const recursive = ajv.compile({ $id: 'tree', type: 'object', properties: { value: { type: 'number' }, children: { type: 'array', items: { $ref: 'tree' } } }, required: ['value'] });
console.log(`recursive: ${recursive({ value: 1, children: [{ value: 2, children: [{ value: 3 }] }] })} ${recursive({ value: 1, children: [{ children: [] }] })} ${recursive.errors[0].instancePath}`);
console.log(`generated code length > 1000: ${validate.toString().length > 1000}`);
