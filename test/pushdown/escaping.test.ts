import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { duckdb } from '../../src/activity/pushdown-dialect.js';
import { likePattern, sqlIdentifier, sqlString } from '../../src/activity/pushdown-quote.js';
import { pushdownSql } from '../../src/activity/pushdown-sql.js';
import { UsageError } from '../../src/errors.js';
import { runQuery, tableOf } from './duckdb.js';

/** A role session's record of one role, as the Athena table holds it. */
function row(role: string, i: number): Record<string, unknown> {
  return {
    eventid: `id-${i}`,
    eventtime: '2026-11-01T10:00:00Z',
    eventsource: 'sqs.amazonaws.com',
    eventname: 'SendMessage',
    awsregion: 'us-east-1',
    eventtype: 'AwsApiCall',
    eventcategory: 'Management',
    recipientaccountid: '123456789012',
    errorcode: null,
    useridentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::123456789012:assumed-role/${role}/s`,
      accountid: '123456789012',
      principalid: 'AROAEXAMPLE:s',
      invokedby: null,
      sessioncontext: { sessionissuer: { arn: `arn:aws:iam::123456789012:role/${role}`, username: role } },
    },
    requestparameters: JSON.stringify({ queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q' }),
    responseelements: null,
    resources: null,
  };
}

const query = (roles: string[]): string =>
  pushdownSql({
    dialect: duckdb,
    from: 'cloudtrail',
    projections: [],
    since: '2026-01-01T00:00:00.000Z',
    until: '2026-12-31T23:59:59.999Z',
    roles,
  });

// Printable text with the characters that matter to SQL literals and LIKE patterns, no control characters.
const name = fc
  .array(fc.constantFrom(...`ab'"\\%_-.;)( é*?`.split(''), 'Z', "''", '--', '/*'), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

describe('escaping user values in pushdown SQL', () => {
  it('role names never break out of their literal: the query parses and picks exactly their rows', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 2, maxLength: 4 }), async (roles) => {
        const connection = await tableOf(roles.flatMap((r, i) => [row(r, 2 * i), row(r, 2 * i + 1)]));
        const [chosen, ...others] = roles;
        const exact = chosen !== undefined && !/[*?]/.test(chosen);
        const rows = await runQuery(connection, query([chosen ?? '']));
        const names = rows.map((r) => r.role_name);
        if (exact) {
          assert.deepEqual(names, [chosen]);
          assert.equal(rows[0]?.events, '2');
        } else {
          // As a glob it may match others too, never fewer than itself.
          assert.ok(names.includes(chosen));
          assert.ok(names.every((n) => typeof n === 'string' && (n === chosen || others.includes(n))));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a glob is a LIKE pattern whose %, _ and \\ are literal', async () => {
    assert.equal(likePattern('a%b_c\\d*e?'), 'a\\%b\\_c\\\\d%e_');
    const connection = await tableOf([row('app_1', 1), row('appX1', 2), row('app_2-x', 3), row('other', 4)]);
    const rows = await runQuery(connection, query(['app_*']));
    assert.deepEqual(rows.map((r) => r.role_name).sort(), ['app_1', 'app_2-x']);
  });

  it('refuses control characters and names that are not identifiers', () => {
    assert.equal(sqlString("o'brien", 'x'), "'o''brien'");
    assert.throws(() => sqlString('a\nb', '--role'), UsageError);
    assert.throws(() => sqlString('a\u0000', '--role'), UsageError);
    assert.equal(sqlIdentifier('cloudtrail_logs-1', 'table'), '"cloudtrail_logs-1"');
    for (const bad of ['a"b', 'a b', '', '1abc', 'db.table', 'x;drop'])
      assert.throws(() => sqlIdentifier(bad, 'table'), UsageError, bad);
  });
});
