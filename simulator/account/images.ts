// Marketplace images each simulated cloud serves. Azure: Canonical's Ubuntu platform images the app and its tests
// use. Azure Stack Hub: only what the operator syndicated from the Azure marketplace; by default the app's default
// Stack Hub image (Ubuntu 22.04 LTS Gen1). Versions are plausible Canonical build numbers.
import type { CloudName } from '../arm/resourceType';

export interface MarketplaceImage {
  publisher: string;
  offer: string;
  sku: string;
  /** Oldest first: `latest` resolves to the last one. */
  versions: string[];
}

const AZURE_IMAGES: readonly MarketplaceImage[] = [
  {
    publisher: 'Canonical',
    offer: '0001-com-ubuntu-server-jammy',
    sku: '22_04-lts',
    versions: ['22.04.202501210', '22.04.202502110'],
  },
  {
    publisher: 'Canonical',
    offer: '0001-com-ubuntu-server-jammy',
    sku: '22_04-lts-gen2',
    versions: ['22.04.202501210', '22.04.202502110'],
  },
  {
    publisher: 'Canonical',
    offer: 'ubuntu-24_04-lts',
    sku: 'server',
    versions: ['24.04.202501230', '24.04.202502210'],
  },
  {
    publisher: 'Canonical',
    offer: '0001-com-ubuntu-server-focal',
    sku: '20_04-lts-gen2',
    versions: ['20.04.202501100'],
  },
];

const AZURE_STACK_IMAGES: readonly MarketplaceImage[] = [
  { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts', versions: ['22.04.202409100'] },
];

export function defaultImages(cloud: CloudName): MarketplaceImage[] {
  return (cloud === 'azure' ? AZURE_IMAGES : AZURE_STACK_IMAGES).map((image) => ({
    ...image,
    versions: [...image.versions],
  }));
}

/** ARM compares publisher, offer and sku case-insensitively. */
export function findImage(
  images: readonly MarketplaceImage[],
  publisher: string,
  offer: string,
  sku: string,
): MarketplaceImage | undefined {
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  return images.find((i) => same(i.publisher, publisher) && same(i.offer, offer) && same(i.sku, sku));
}
