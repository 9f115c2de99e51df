import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJsonBytes, canonicalize, isCanonicalJson } from './canonical-json.ts';

const fixtures = fileURLToPath(new URL('../../test/fixtures/jcs/', import.meta.url));

describe('RFC 8785 test data (cyberphone/json-canonicalization testdata)', () => {
  it.each(['arrays', 'french', 'structures', 'unicode', 'values', 'weird'])(
    '%s.json canonicalizes to the expected bytes',
    (name) => {
      const input: unknown = JSON.parse(readFileSync(`${fixtures}${name}.input.json`, 'utf8'));
      const expected = readFileSync(`${fixtures}${name}.output.json`);
      expect(Buffer.from(canonicalJsonBytes(input)).equals(expected)).toBe(true);
      expect(isCanonicalJson(expected.toString('utf8'))).toBe(true);
    },
  );

  it('RFC 8785 §3.2.2 example: numbers, string escapes and literals', () => {
    const input: unknown = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('RFC 8785 §3.2.3 sorts member names by UTF-16 code units, not code points or locale', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // U+1F600 (as surrogates D83D DE00) sorts before U+FB33 in UTF-16 although it is a larger code point
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  // RFC 8785 Appendix B number samples (IEEE-754 bit pattern → canonical text).
  const numbers: [string, string][] = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
    ['4340000000000001', '9007199254740994'],
    ['4340000000000002', '9007199254740996'],
  ];
  it.each(numbers)('number with IEEE-754 bits %s serializes as %s', (bits, text) => {
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, BigInt(`0x${bits}`));
    expect(canonicalize(view.getFloat64(0))).toBe(text);
  });

  it.each([['7fffffffffffffff', 'NaN'], ['7ff0000000000000', 'Infinity'], ['fff0000000000000', '-Infinity']])(
    'number with IEEE-754 bits %s (%s) is rejected',
    (bits) => {
      const view = new DataView(new ArrayBuffer(8));
      view.setBigUint64(0, BigInt(`0x${bits}`));
      expect(() => canonicalize(view.getFloat64(0))).toThrow(CanonicalJsonError);
    },
  );
});

describe('canonicalize', () => {
  it('emits no whitespace and escapes only what RFC 8785 requires', () => {
    expect(canonicalize({ a: [1, { c: 'x\u0001\u001f\u007f</script>', b: null }], é: true })).toBe(
      '{"a":[1,{"b":null,"c":"x\\u0001\\u001f\u007f</script>"}],"é":true}',
    );
    expect(canonicalize('\b\t\n\f\r"\\')).toBe('"\\b\\t\\n\\f\\r\\"\\\\"');
    expect(canonicalize([])).toBe('[]');
    expect(canonicalize({})).toBe('{}');
    expect(canonicalize(Object.create(null) as object)).toBe('{}');
  });

  it('omits undefined object members but rejects undefined array elements and holes', () => {
    expect(canonicalize({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(() => canonicalize([undefined])).toThrow(/\/0: undefined array element/);
    // eslint-disable-next-line no-sparse-arrays
    expect(() => canonicalize([1, , 3])).toThrow(CanonicalJsonError);
    expect(() => canonicalize(undefined)).toThrow(CanonicalJsonError);
  });

  it('rejects values that are not I-JSON data, naming the JSON Pointer', () => {
    expect(() => canonicalize({ a: { 'b/c': [NaN] } })).toThrow('/a/b~1c/0: NaN is not a JSON number');
    expect(() => canonicalize({ s: 'x\ud800' })).toThrow(/lone surrogate/);
    expect(() => canonicalize({ ['\udc00']: 1 })).toThrow(/lone surrogate/);
    expect(() => canonicalize(10n)).toThrow(/bigint/);
    expect(() => canonicalize({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalize(Symbol('x'))).toThrow(/symbol/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/Date is not a plain JSON object/);
    expect(() => canonicalize(new Map())).toThrow(/Map/);
    expect(() => canonicalize(new Uint8Array(2))).toThrow(/Uint8Array/);
    expect(() => canonicalize(new String('x'))).toThrow(CanonicalJsonError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalize(cyclic)).toThrow(/cyclic/);
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) deep = [deep];
    expect(() => canonicalize(deep)).toThrow(/deeper than/);
  });

  it('allows a value shared by two members (not a cycle)', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('is idempotent and order-independent', () => {
    const a = canonicalize({ z: 1, a: { y: [3, 2, 1], b: 'β' } });
    const b = canonicalize({ a: { b: 'β', y: [3, 2, 1] }, z: 1 });
    expect(a).toBe(b);
    expect(canonicalize(JSON.parse(a))).toBe(a);
  });
});

describe('isCanonicalJson', () => {
  it('accepts canonical text and rejects anything that would change', () => {
    expect(isCanonicalJson('{"a":1,"b":[true,null]}')).toBe(true);
    expect(isCanonicalJson('{"b":1,"a":2}')).toBe(false);
    expect(isCanonicalJson('{"a": 1}')).toBe(false);
    expect(isCanonicalJson('{"a":1.0}')).toBe(false);
    expect(isCanonicalJson('{"a":1,"a":1}')).toBe(false);
    expect(isCanonicalJson('"\\u00e9"')).toBe(false);
    expect(isCanonicalJson('"\\ud800"')).toBe(false);
    expect(isCanonicalJson('{')).toBe(false);
    expect(isCanonicalJson('1e400')).toBe(false);
  });
});
