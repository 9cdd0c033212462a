// A pack's name in the page's language: the Worker sends every locale's name (GET /api/packs `names`).
import type { Pack } from './api';
import { locale } from './i18n';

export function packName(pack: Pick<Pack, 'name' | 'names'>): string {
  return pack.names[locale()] ?? pack.name;
}
