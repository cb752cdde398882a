import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { anchorId, escapeHtml, markup, scriptJson, trusted } from '../../src/outputs/html.js';

function unescape(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

test('interpolations are escaped unless they are markup pare built', () => {
  const name = '"><script>alert(1)</script>';
  assert.equal(
    markup`<p title="${name}">${name}</p>`.value,
    '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>',
  );
  assert.equal(markup`<ul>${['a<', markup`<li>b</li>`]}</ul>`.value, '<ul>a&lt;<li>b</li></ul>');
  assert.equal(markup`${undefined}${null}${false}${true}${0}`.value, '0');
  assert.equal(markup`${trusted('<b>x</b>')}`.value, '<b>x</b>');
});

test('property: escaped text has no character that can end text or an attribute, and loses nothing', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (text) => {
      const escaped = escapeHtml(text);
      assert.ok(!/[<>"']/.test(escaped));
      assert.equal(unescape(escaped), text);
    }),
  );
});

test('property: JSON for a script block never contains <, > or & and parses back', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const json = scriptJson(value).value;
      assert.ok(!/[<>&\u2028\u2029]/.test(json));
      assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(value)));
    }),
  );
  assert.equal(scriptJson({ a: '</script><!--' }).value, '{"a":"\\u003c/script\\u003e\\u003c!--"}');
});

test('anchor ids keep only safe characters and stay unique by index', () => {
  assert.equal(anchorId('role', 0, 'wild-rydes-order-processor'), 'role-1-wild-rydes-order-processor');
  assert.equal(anchorId('fn', 4, '"><img src=x>'), 'fn-5-img-src-x');
  assert.equal(anchorId('fn', 1, '<<>>'), 'fn-2');
  assert.notEqual(anchorId('role', 0, 'a+b'), anchorId('role', 1, 'a=b'));
});
