// The calls the plans UI makes (lib/api.ts's subscription and portal, lib/plans-api.ts's plans, notice and subscribe).
import { api, subscriptionsApi } from '../../lib/api';
import { plansApi } from '../../lib/plans-api';
import type { PlansClient } from './plans-data';

export const plansClient: PlansClient = { ...subscriptionsApi, ...plansApi, lots: api.lots };
