import {
  SCHEMA_VERSION,
  type BlindSpotsFile,
  type ErrorCodesFile,
  type EventSourcesFile,
  type EventTypesFile,
  type NotRealEventsFile,
} from './data.js';
import { escape, Reader } from './reader.js';

export function readEventSources(file: string, value: unknown): EventSourcesFile {
  const r = new Reader(file);
  const o = r.header(value);
  r.keys(o, '', ['schemaVersion', 'why', 'eventSources', 'partitions']);
  const sources = r.obj(o['eventSources'], '/eventSources');
  const eventSources: EventSourcesFile['eventSources'] = {};
  for (const [source, entry] of Object.entries(sources)) {
    const p = `/eventSources/${escape(source)}`;
    const e = r.obj(entry, p);
    r.keys(e, p, ['service', 'why']);
    eventSources[source] = { service: r.str(e['service'], `${p}/service`), why: r.str(e['why'], `${p}/why`) };
  }
  const partitions = r.arr(o['partitions'], '/partitions').map((entry, i) => {
    const p = `/partitions/${i}`;
    const e = r.obj(entry, p);
    r.keys(e, p, ['regionPrefix', 'partition', 'why']);
    return {
      regionPrefix: r.str(e['regionPrefix'], `${p}/regionPrefix`),
      partition: r.str(e['partition'], `${p}/partition`),
      why: r.str(e['why'], `${p}/why`),
    };
  });
  return { schemaVersion: SCHEMA_VERSION, eventSources, partitions };
}

export function readEventTypes(file: string, value: unknown): EventTypesFile {
  const r = new Reader(file);
  const o = r.header(value);
  r.keys(o, '', [
    'schemaVersion',
    'why',
    'apiCalls',
    'notApiCalls',
    'notApiCallCategories',
    'redactedValues',
  ]);
  return {
    schemaVersion: SCHEMA_VERSION,
    apiCalls: r.strs(o['apiCalls'], '/apiCalls'),
    notApiCalls: r.strMap(o['notApiCalls'], '/notApiCalls'),
    notApiCallCategories: r.strMap(o['notApiCallCategories'], '/notApiCallCategories'),
    redactedValues: r.strs(o['redactedValues'], '/redactedValues'),
  };
}

export function readErrorCodes(file: string, value: unknown): ErrorCodesFile {
  const r = new Reader(file);
  const o = r.header(value);
  r.keys(o, '', ['schemaVersion', 'why', 'denied', 'authFailure']);
  const group = (key: 'denied' | 'authFailure') => {
    const g = r.obj(o[key], `/${key}`);
    r.keys(g, `/${key}`, ['why', 'codes']);
    return { why: r.str(g['why'], `/${key}/why`), codes: r.strs(g['codes'], `/${key}/codes`) };
  };
  return { schemaVersion: SCHEMA_VERSION, denied: group('denied'), authFailure: group('authFailure') };
}

export function readBlindSpots(file: string, value: unknown): BlindSpotsFile {
  const r = new Reader(file);
  const o = r.header(value);
  r.keys(o, '', ['schemaVersion', 'why', 'notLogged', 'dataEvents']);
  const notLogged = r.arr(o['notLogged'], '/notLogged').map((entry, i) => {
    const p = `/notLogged/${i}`;
    const e = r.obj(entry, p);
    r.keys(e, p, ['actions', 'why']);
    return { actions: r.strs(e['actions'], `${p}/actions`), why: r.str(e['why'], `${p}/why`) };
  });
  const dataEvents = r.arr(o['dataEvents'], '/dataEvents').map((entry, i) => {
    const p = `/dataEvents/${i}`;
    const e = r.obj(entry, p);
    r.keys(e, p, ['eventSource', 'resourceType', 'actions', 'eventNames', 'why']);
    return {
      eventSource: r.str(e['eventSource'], `${p}/eventSource`),
      resourceType: r.str(e['resourceType'], `${p}/resourceType`),
      actions: r.strs(e['actions'], `${p}/actions`),
      eventNames: r.strs(e['eventNames'], `${p}/eventNames`),
      why: r.str(e['why'], `${p}/why`),
    };
  });
  return { schemaVersion: SCHEMA_VERSION, notLogged, dataEvents };
}

export function readNotRealEvents(file: string, value: unknown): NotRealEventsFile {
  const r = new Reader(file);
  const o = r.header(value);
  r.keys(o, '', ['schemaVersion', 'why', 'entries']);
  const seen = new Set<string>();
  const entries = r.arr(o['entries'], '/entries').map((entry, i) => {
    const p = `/entries/${i}`;
    const e = r.obj(entry, p);
    r.keys(e, p, ['eventSource', 'eventName', 'why']);
    const out = {
      eventSource: r.str(e['eventSource'], `${p}/eventSource`),
      eventName: r.str(e['eventName'], `${p}/eventName`),
      why: r.str(e['why'], `${p}/why`),
    };
    const key = `${out.eventSource} ${out.eventName}`;
    if (seen.has(key)) r.fail(p, `${key} is listed twice`);
    seen.add(key);
    return out;
  });
  return { schemaVersion: SCHEMA_VERSION, entries };
}
