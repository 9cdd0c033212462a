-- The ledger is the source of truth: every entry moves the balance and the version in the same
-- statement that inserts it, so `users.credits` always equals the sum of the user's deltas.
CREATE TRIGGER `ledger_entries_apply` AFTER INSERT ON `ledger_entries`
BEGIN
  UPDATE `users` SET `credits` = `credits` + NEW.`delta`, `version` = `version` + 1
    WHERE `id` = NEW.`user_id`;
  -- Guard the invariant the ledger module relies on: balance_after/version were computed from
  -- the row this insert read. A mismatch means a bug, and aborts the whole batch.
  SELECT RAISE(ABORT, 'ledger balance_after/version mismatch')
    WHERE NOT EXISTS (
      SELECT 1 FROM `users` WHERE `id` = NEW.`user_id`
        AND `credits` = NEW.`balance_after` AND `version` = NEW.`version`
    );
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_update` BEFORE UPDATE ON `ledger_entries`
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_no_delete` BEFORE DELETE ON `ledger_entries`
BEGIN
  SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
