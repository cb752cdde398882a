import assert from 'node:assert/strict';
import { test } from 'node:test';
import { globIntersectsCompiled, globSubsetCompiled } from '../../src/grants/glob-automata.js';
import {
  ACTION_GLOB,
  compileGlob,
  globIntersects,
  globMatches,
  globSubset,
  RESOURCE_GLOB,
  RESOURCE_GLOB_NO_VARIABLES,
  resourceGlobOptions,
} from '../../src/grants/glob.js';

const R = RESOURCE_GLOB;

test('actions match case-insensitively, resources case-sensitively', () => {
  assert.equal(globMatches('s3:Get*', 'S3:GETOBJECT', ACTION_GLOB), true);
  assert.equal(globMatches('dynamodb:?etItem', 'dynamodb:GetItem', ACTION_GLOB), true);
  assert.equal(globMatches('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/key', R), false);
  assert.equal(globMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/key', R), true);
});

test('* spans colons and slashes, ? is exactly one character', () => {
  assert.equal(globMatches('arn:aws:*', 'arn:aws:s3:::bucket/a/b:c', R), true);
  assert.equal(globMatches('*', '*', R), true);
  assert.equal(globMatches('arn:aws:s3:::b/??', 'arn:aws:s3:::b/ab', R), true);
  assert.equal(globMatches('arn:aws:s3:::b/??', 'arn:aws:s3:::b/a', R), false);
  assert.equal(globMatches('arn:aws:s3:::b/??', 'arn:aws:s3:::b/abc', R), false);
});

test('regular-expression characters are literal', () => {
  assert.equal(globMatches('arn:aws:s3:::a.b', 'arn:aws:s3:::axb', R), false);
  assert.equal(globMatches('arn:aws:s3:::a+(b)|[c]{2}^$', 'arn:aws:s3:::a+(b)|[c]{2}^$', R), true);
});

test('policy variables stand for any value; ${*}, ${?} and ${$} are literal', () => {
  assert.equal(globMatches('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/alice/notes', R), true);
  assert.equal(globMatches('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/*', R), true);
  assert.equal(globMatches('arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x', R), false);
  assert.equal(globMatches('arn:aws:s3:::b/${?}${$}', 'arn:aws:s3:::b/?$', R), true);
  assert.equal(globMatches('arn:aws:s3:::b/${?}', 'arn:aws:s3:::b/x', R), false);
});

test('2008-10-17 documents read variables as text', () => {
  assert.equal(resourceGlobOptions('2008-10-17'), RESOURCE_GLOB_NO_VARIABLES);
  assert.equal(resourceGlobOptions('2012-10-17'), RESOURCE_GLOB);
  const options = resourceGlobOptions('2008-10-17');
  assert.equal(globMatches('arn:aws:s3:::home/${aws:username}', 'arn:aws:s3:::home/alice', options), false);
  assert.equal(
    globMatches('arn:aws:s3:::home/${aws:username}', 'arn:aws:s3:::home/${aws:username}', options),
    true,
  );
});

test('subset: a generalised ARN inside a grant', () => {
  assert.equal(globSubset('arn:aws:s3:::bucket/uploads/*', 'arn:aws:s3:::bucket/*', R), true);
  assert.equal(globSubset('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/uploads/*', R), false);
  assert.equal(globSubset('arn:aws:s3:::bucket/uploads/*', '*', R), true);
  assert.equal(globSubset('*', 'arn:*', R), false);
  assert.equal(
    globSubset(
      'arn:aws:secretsmanager:eu-west-1:1:secret:db-??????',
      'arn:aws:secretsmanager:*:secret:db-*',
      R,
    ),
    true,
  );
  assert.equal(
    globSubset(
      'arn:aws:secretsmanager:eu-west-1:1:secret:db-*',
      'arn:aws:secretsmanager:*:secret:db-??????',
      R,
    ),
    false,
  );
  assert.equal(globSubset('a?*', 'a*'), true);
  assert.equal(globSubset('a*', 'a?*'), false);
  assert.equal(globSubset('a*b*c', 'a*c'), true);
  assert.equal(globSubset('a*c', 'a*b*c'), false);
  assert.equal(globSubset('S3:GetObject', 's3:get*', ACTION_GLOB), true);
  assert.equal(globSubset('s3:Get*', 's3:*Object', ACTION_GLOB), false);
});

test('subset with variables is conservative', () => {
  // Whatever ${aws:username} is, home/<it>/… stays under home/.
  assert.equal(globSubset('arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::home/*', R), true);
  // A fixed key is not under every user's home.
  assert.equal(globSubset('arn:aws:s3:::home/alice/x', 'arn:aws:s3:::home/${aws:username}/*', R), false);
  // The same variable resolves to the same value on both sides; condition keys fold case.
  assert.equal(globSubset('home/${aws:username}/docs/*', 'home/${aws:UserName}/*', R), true);
  assert.equal(globSubset('home/${aws:username}/*', 'home/${aws:userid}/*', R), false);
  // One variable can be longer than one character.
  assert.equal(globSubset('home/${aws:username}', 'home/?', R), false);
});

test('intersection: does a pattern meet a Deny?', () => {
  assert.equal(globIntersects('arn:aws:s3:::bucket/*', 'arn:aws:s3:::*/secret', R), true);
  assert.equal(globIntersects('arn:aws:s3:::a/*', 'arn:aws:s3:::b/*', R), false);
  assert.equal(globIntersects('a*b', '*c'), false);
  assert.equal(globIntersects('a?', '?b'), true);
  assert.equal(globIntersects('arn:aws:s3:::x/y', 'arn:aws:s3:::${aws:username}/y', R), true);
  assert.equal(globIntersects('S3:PUT*', 's3:*object', ACTION_GLOB), true);
});

test('the same text read with and without variables is not the same pattern', () => {
  const text = 'arn:aws:s3:::home/${aws:username}';
  assert.equal(globSubset(text, text, RESOURCE_GLOB), true);
  assert.equal(globSubset(text, text, RESOURCE_GLOB_NO_VARIABLES), true);
  const literal = compileGlob(text, RESOURCE_GLOB_NO_VARIABLES);
  const variable = compileGlob(text, RESOURCE_GLOB);
  assert.equal(globSubsetCompiled(literal, variable), false);
  assert.equal(globSubsetCompiled(variable, literal), false);
  assert.equal(globIntersectsCompiled(literal, variable), true);
});
