-- Ledger v2: lots, draws and holds, kept by the database itself.
--
-- The AFTER INSERT trigger on ledger_entries now does, in the statement that inserts an entry:
--   1. the balance and version, as before (and the balance_after/version check);
--   2. a credit of kind purchase/subscription/grant opens a lot; what it can hold is what is left
--      after paying any debt: MAX(balance_after, 0) - MAX(balance_before, 0);
--   3. a debit draws from lots in the spending order: the entry's own `lot_id` first (an expire's
--      lot, a clawback's purchase lot), then the soonest expires_at, never-expiring last, oldest
--      first among equals. `spend` and `hold` draw only unexpired lots (the caller checked there is
--      enough); the others draw whatever is there, expired or not, and the rest becomes debt;
--   4. a return (capture, release, dispute_reversal) goes back to the lots its source entry drew
--      from, the last drawn first; anything beyond that (a reversal of a dispute that had run into
--      debt since paid off by later credits) opens a never-expiring lot;
--   5. checks the invariant: the user's lots hold MAX(balance, 0) in all.
-- Window functions compute each lot's share in one INSERT … SELECT: SQLite triggers cannot loop,
-- and D1 has no interactive transactions, so this is how a debit stays one atomic statement.
DROP TRIGGER IF EXISTS `ledger_entries_apply`;
--> statement-breakpoint
CREATE TRIGGER `ledger_entries_apply` AFTER INSERT ON `ledger_entries`
BEGIN
  UPDATE `users` SET `credits` = `credits` + NEW.`delta`, `version` = `version` + 1
    WHERE `id` = NEW.`user_id`;
  SELECT RAISE(ABORT, 'ledger balance_after/version mismatch')
    WHERE NOT EXISTS (
      SELECT 1 FROM `users` WHERE `id` = NEW.`user_id`
        AND `credits` = NEW.`balance_after` AND `version` = NEW.`version`
    );

  -- 2. Credits that open a lot.
  INSERT INTO `lots` (`user_id`, `entry_id`, `source`, `amount`, `remaining`, `expires_at`, `reference`, `created_at`)
    SELECT NEW.`user_id`, NEW.`id`, NEW.`kind`, NEW.`delta`,
      MAX(NEW.`balance_after`, 0) - MAX(NEW.`balance_after` - NEW.`delta`, 0),
      NEW.`expires_at`, NEW.`reference`, NEW.`created_at`
    WHERE NEW.`kind` IN ('purchase', 'subscription', 'grant') AND NEW.`delta` > 0;

  -- 3. Debits draw from lots in the spending order.
  INSERT INTO `lot_draws` (`entry_id`, `lot_id`, `user_id`, `delta`)
    SELECT NEW.`id`, `id`, NEW.`user_id`, -MIN(`remaining`, `need` - `before`) FROM (
      SELECT `id`, `remaining`,
        MAX(NEW.`balance_after` - NEW.`delta`, 0) - MAX(NEW.`balance_after`, 0) AS `need`,
        COALESCE(SUM(`remaining`) OVER (
          ORDER BY CASE WHEN `id` = NEW.`lot_id` THEN 0 ELSE 1 END, `expires_at` IS NULL, `expires_at`, `id`
          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS `before`
      FROM `lots`
      WHERE `user_id` = NEW.`user_id` AND `remaining` > 0
        AND (NEW.`kind` NOT IN ('spend', 'hold') OR `expires_at` IS NULL OR `expires_at` > NEW.`created_at`)
        AND (NEW.`kind` <> 'expire' OR `id` = NEW.`lot_id`)
    )
    WHERE NEW.`delta` < 0 AND `before` < `need`;

  -- 4. Returns go back to the lots their source entry drew from, the last drawn first.
  INSERT INTO `lot_draws` (`entry_id`, `lot_id`, `user_id`, `delta`)
    SELECT NEW.`id`, `lot_id`, NEW.`user_id`, MIN(`room`, `gain` - `before`) FROM (
      SELECT d.`lot_id`, MIN(-d.`delta`, l.`amount` - l.`remaining`) AS `room`,
        MAX(NEW.`balance_after`, 0) - MAX(NEW.`balance_after` - NEW.`delta`, 0) AS `gain`,
        COALESCE(SUM(MIN(-d.`delta`, l.`amount` - l.`remaining`)) OVER (
          ORDER BY d.`id` DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS `before`
      FROM `lot_draws` d JOIN `lots` l ON l.`id` = d.`lot_id`
      WHERE d.`entry_id` = NEW.`source_entry_id` AND d.`delta` < 0
    )
    WHERE NEW.`delta` > 0 AND NEW.`kind` IN ('capture', 'release', 'dispute_reversal')
      AND `room` > 0 AND `before` < `gain`;

  UPDATE `lots`
    SET `remaining` = `remaining` + (
      SELECT SUM(d.`delta`) FROM `lot_draws` d WHERE d.`entry_id` = NEW.`id` AND d.`lot_id` = `lots`.`id`)
    WHERE `id` IN (SELECT `lot_id` FROM `lot_draws` WHERE `entry_id` = NEW.`id`);

  -- 4b. A return beyond its source's draws opens a never-expiring lot.
  INSERT INTO `lots` (`user_id`, `entry_id`, `source`, `amount`, `remaining`, `expires_at`, `reference`, `created_at`)
    SELECT NEW.`user_id`, NEW.`id`, 'purchase', `rest`, `rest`, NULL, NEW.`reference`, NEW.`created_at` FROM (
      SELECT MAX(NEW.`balance_after`, 0) - MAX(NEW.`balance_after` - NEW.`delta`, 0)
        - COALESCE((SELECT SUM(`delta`) FROM `lot_draws` WHERE `entry_id` = NEW.`id`), 0) AS `rest`
    )
    WHERE NEW.`delta` > 0 AND NEW.`kind` IN ('capture', 'release', 'dispute_reversal') AND `rest` > 0;

  -- 5. The lots hold exactly the non-negative part of the balance.
  SELECT RAISE(ABORT, 'ledger lots do not match the balance')
    WHERE (SELECT COALESCE(SUM(`remaining`), 0) FROM `lots` WHERE `user_id` = NEW.`user_id` AND `remaining` > 0)
      <> MAX(NEW.`balance_after`, 0);
END;
--> statement-breakpoint
CREATE TRIGGER `lot_draws_no_update` BEFORE UPDATE ON `lot_draws`
BEGIN
  SELECT RAISE(ABORT, 'lot_draws is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `lot_draws_no_delete` BEFORE DELETE ON `lot_draws`
BEGIN
  SELECT RAISE(ABORT, 'lot_draws is append-only');
END;
--> statement-breakpoint
-- Existing balances move into one never-expiring lot per user (debt opens none: a user in debt
-- holds no lots). Version 1 credits all came from purchases (or adjustments that stand in for them).
INSERT INTO `lots` (`user_id`, `entry_id`, `source`, `amount`, `remaining`, `expires_at`, `reference`, `created_at`)
  SELECT `id`, NULL, 'purchase', `credits`, `credits`, NULL, 'ledger-v1-balance', `created_at`
  FROM `users` WHERE `credits` > 0;
