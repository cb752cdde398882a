/**
 * What `aws cloudtrail lookup-events` prints for management events: newest first, each event's record
 * as a JSON string in `CloudTrailEvent`, `ReadOnly` as a string, `Username` the user or role session
 * name, `Resources` as type/name pairs. Data events never appear in LookupEvents.
 */
import type { JsonObject } from './cloudtrail/types.js';

function username(identity: JsonObject): string | undefined {
  if (identity['type'] === 'AssumedRole' && typeof identity['arn'] === 'string')
    return identity['arn'].split('/').pop();
  if (identity['type'] === 'Root') return 'root';
  return typeof identity['userName'] === 'string' ? identity['userName'] : undefined;
}

export function lookupEventsOutput(records: readonly JsonObject[]): JsonObject {
  const events = records
    .slice()
    .sort((a, b) => (String(a['eventTime']) < String(b['eventTime']) ? 1 : -1))
    .map((r) => {
      const identity = (r['userIdentity'] ?? {}) as JsonObject;
      const event: JsonObject = {
        EventId: r['eventID'] as string,
        EventName: r['eventName'] as string,
        ReadOnly: String(r['readOnly']),
      };
      if (typeof identity['accessKeyId'] === 'string' && identity['accessKeyId'])
        event['AccessKeyId'] = identity['accessKeyId'];
      event['EventTime'] = String(r['eventTime']).replace('Z', '+00:00');
      event['EventSource'] = r['eventSource'] as string;
      const user = username(identity);
      if (user) event['Username'] = user;
      const resources = Array.isArray(r['resources']) ? (r['resources'] as JsonObject[]) : [];
      event['Resources'] = resources.map((x) => ({
        ResourceType: x['type'] ?? null,
        ResourceName: x['ARN'] ?? null,
      }));
      event['CloudTrailEvent'] = JSON.stringify(r);
      return event;
    });
  return { Events: events };
}
