// /api/v1/users/{userId}/auto-topup (an API key): the app reads and changes a user's auto top-up,
// validated and saved exactly as the user's own /api/auto-topup (worker/routes/auto-topup.ts).
import { readAutoTopup } from '../autotopup/settings';
import { keyedRoutes } from '../middleware/api-key';
import { autoTopupBody, saveAutoTopup } from '../routes/auto-topup';
import { documented } from '../validation';
import { pathAccount } from './acting';
import { doc } from './route-doc';

export const serviceAutoTopupRoutes = keyedRoutes()
  .get('/:userId/auto-topup', doc("The user's auto top-up", 'auto-topup', 200), async (c) => {
    const user = await pathAccount(c);
    return c.json(await readAutoTopup(c.var.db, user.id, Date.now()));
  })
  .put(
    '/:userId/auto-topup',
    doc("Change the user's auto top-up (enabling again clears a pause)", 'auto-topup', 200, 400, 409),
    documented('json', autoTopupBody),
    async (c) => {
      const user = await pathAccount(c);
      return c.json(await saveAutoTopup(c, user.id, c.req.valid('json')));
    },
  );
