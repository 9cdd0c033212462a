// The calls the plans UI makes, taken from the site's one API client (lib/api.ts).
import { api, subscriptionsApi } from '../../lib/api';
import type { PlansClient } from './plans-data';

export const plansClient: PlansClient = { ...subscriptionsApi, lots: api.lots };
