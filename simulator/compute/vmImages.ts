// Marketplace images: `GET …/Microsoft.Compute/locations/{l}/publishers/{p}/artifacttypes/vmimage/offers/{o}/skus/{s}/versions`
// (the versions, oldest first; $orderby=name desc and $top honoured) and `…/versions/{v}` (one image). Only what
// the account lists exists: on Azure Stack Hub that is what the operator syndicated. Anything else is 404 NotFound
// "Artifact: VMImage was not found." as CRP answers it (https://github.com/Azure/vagrant-azure/issues/147, and for
// a versions list https://github.com/danielsollondon/azvmimagebuilder/issues/80).
import type { ArmCall, ArmResult } from '../arm/armCall';
import { requireLocation, routeIs, type ProviderRoute, type ReadApi } from '../arm/readApi';
import { ArmError } from '../arm/resourceType';
import { findImage } from '../account/images';

const TYPE = 'Microsoft.Compute/locations/publishers/artifacttypes/offers/skus/versions';
const PATH = ['locations', '*', 'publishers', '*', 'artifacttypes', 'vmimage', 'offers', '*', 'skus', '*', 'versions'];

export const vmImageVersionsApi: ReadApi = {
  type: TYPE,
  matches: (route) => routeIs(route, 'Microsoft.Compute', PATH),
  get: (call, route) => listVersions(call, route),
};

export const vmImageApi: ReadApi = {
  type: TYPE,
  matches: (route) => routeIs(route, 'Microsoft.Compute', [...PATH, '*']),
  get: (call, route) => getVersion(call, route),
};

interface Addressed {
  location: string;
  publisher: string;
  offer: string;
  sku: string;
  versions: string[];
}

function addressed(call: ArmCall, route: ProviderRoute): Addressed {
  const [, rawLocation = '', , publisher = '', , , , offer = '', , sku = ''] = route.rest;
  const location = requireLocation(call, rawLocation, TYPE);
  const image = findImage(call.ctx.account.images, publisher, offer, sku);
  if (!image) throw notFound();
  return { location, publisher: image.publisher, offer: image.offer, sku: image.sku, versions: image.versions };
}

function listVersions(call: ArmCall, route: ProviderRoute): ArmResult {
  const image = addressed(call, route);
  let versions = [...image.versions];
  if (/^\s*name\s+desc\s*$/i.test(call.query.get('$orderby') ?? '')) versions.reverse();
  const top = Number(call.query.get('$top'));
  if (Number.isInteger(top) && top > 0) versions = versions.slice(0, top);
  return {
    status: 200,
    body: versions.map((version) => ({ location: image.location, name: version, id: imageId(call, image, version) })),
  };
}

function getVersion(call: ArmCall, route: ProviderRoute): ArmResult {
  const image = addressed(call, route);
  const wanted = route.rest[11] ?? '';
  const version = image.versions.find((v) => v.toLowerCase() === wanted.toLowerCase());
  // `latest` is resolved by clients from the list; CRP does not resolve it on this GET.
  if (!version) throw notFound();
  const gen2 = /gen2$/i.test(image.sku) || /24_04/.test(image.offer);
  return {
    status: 200,
    body: {
      location: image.location,
      name: version,
      id: imageId(call, image, version),
      properties: {
        osDiskImage: { operatingSystem: 'Linux' },
        dataDiskImages: [],
        automaticOSUpgradeProperties: { automaticOSUpgradeSupported: false },
        hyperVGeneration: gen2 ? 'V2' : 'V1',
        ...(call.apiVersion >= '2021-11-01' ? { architecture: 'x64' } : {}),
      },
    },
  };
}

/** CRP spells these ids with capitalised segments (`/Subscriptions/…/Providers/…/ArtifactTypes/VMImage/…`). */
function imageId(call: ArmCall, image: Addressed, version: string): string {
  return `/Subscriptions/${call.ctx.subscriptionId}/Providers/Microsoft.Compute/Locations/${image.location}/Publishers/${image.publisher}/ArtifactTypes/VMImage/Offers/${image.offer}/Skus/${image.sku}/Versions/${version}`;
}

function notFound(): ArmError {
  return new ArmError(404, 'NotFound', 'Artifact: VMImage was not found.');
}
