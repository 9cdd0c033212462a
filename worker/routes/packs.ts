// GET /api/packs: the credit packs on sale, priced by the server.
import { Hono } from 'hono/tiny';
import { PACKS, publicPack } from '../billing/packs';
import type { AppEnv } from '../env';

export const packRoutes = new Hono<AppEnv>().get('/', (c) => c.json({ packs: PACKS.map(publicPack) }));
