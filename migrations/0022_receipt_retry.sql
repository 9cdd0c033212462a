-- Receipts still owed (worker/mail/owed-receipts.ts): the cron reads the payments that get a receipt
-- (purchases and plan grants) of the last 24 hours, each kind by its own range on this index. Partial
-- (an OR, which SQLite matches against the query's `kind = …`), so spends and holds never enter it.
CREATE INDEX `ledger_receipts_idx` ON `ledger_entries` (`kind`,`created_at`) WHERE kind = 'purchase' OR kind = 'subscription';
