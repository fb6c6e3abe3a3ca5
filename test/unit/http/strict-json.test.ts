import { parseStrictJson } from '../../../src/http/strict-json';

describe('parseStrictJson', () => {
  it('parses JSON whose objects name each key once, the same key in different objects included', () => {
    expect(parseStrictJson('{"a":{"x":1},"b":{"x":2},"c":[{"x":3},{"x":4}]}')).toEqual({
      ok: true,
      value: { a: { x: 1 }, b: { x: 2 }, c: [{ x: 3 }, { x: 4 }] },
    });
  });

  it('names the first key written twice in one object, with where it sits', () => {
    expect(parseStrictJson('{"dryRun":true,"dryRun":false}')).toEqual({
      ok: false,
      problem: '"dryRun" appears twice in one object; send each key once',
    });
    expect(parseStrictJson('{"c":[{"x":1},{"x":2,"y":{"z":1,"z":2}}]}')).toEqual({
      ok: false,
      problem: '"c.1.y.z" appears twice in one object; send each key once',
    });
    // An escape spells the same key: JSON.parse would keep the last value.
    expect(parseStrictJson('{"dryRun":true,"dry\\u0052un":false}')).toMatchObject({ ok: false });
  });

  it('reads UTF-8 bytes, and refuses bytes that are not UTF-8 rather than turning them into U+FFFD', () => {
    expect(parseStrictJson(Buffer.from('{"name":"Zoë 😀"}'))).toEqual({
      ok: true,
      value: { name: 'Zoë 😀' },
    });
    const latin1 = Buffer.from('{"name":"Zo\xeb"}', 'latin1');
    expect(parseStrictJson(latin1)).toEqual({ ok: false, problem: 'the body is not valid UTF-8' });
  });

  it('refuses what is not JSON, comments and trailing commas included', () => {
    for (const text of ['{not json', '{"a":1,}', '{"a":1 /* c */}', '', '{"a":1}{"b":2}']) {
      expect(parseStrictJson(text)).toEqual({ ok: false, problem: 'the body is not valid JSON' });
    }
  });

  it('refuses a body nested deeper than the key check can follow, instead of failing', () => {
    // 30,000 levels fit in a 64 KB body; the visitor recurses once per level.
    const depth = 30_000;
    expect(parseStrictJson(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)).toEqual({
      ok: false,
      problem: 'the body is nested too deeply',
    });
  });
});
