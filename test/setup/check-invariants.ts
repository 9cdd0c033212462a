// Runs after every workerd test file: the whole database that file built must still add up
// (test/support/database-invariants.ts), whatever the file did to it.
import { afterAll } from 'vitest';
import { expectDatabaseInvariants } from '../support/database-invariants';

afterAll(async () => {
  await expectDatabaseInvariants();
});
