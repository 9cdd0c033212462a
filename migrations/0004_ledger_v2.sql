CREATE TABLE `holds` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`entry_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`captured` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`reason` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holds_entry_id_unique` ON `holds` (`entry_id`);--> statement-breakpoint
CREATE INDEX `holds_user_idx` ON `holds` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `holds_active_idx` ON `holds` (`expires_at`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `holds_user_active_idx` ON `holds` (`user_id`) WHERE status = 'active';--> statement-breakpoint
CREATE TABLE `lot_draws` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`delta` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `lot_draws_entry_idx` ON `lot_draws` (`entry_id`);--> statement-breakpoint
CREATE INDEX `lot_draws_lot_idx` ON `lot_draws` (`lot_id`);--> statement-breakpoint
CREATE TABLE `lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`entry_id` integer,
	`source` text NOT NULL,
	`amount` integer NOT NULL,
	`remaining` integer NOT NULL,
	`expires_at` integer,
	`reference` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lots_remaining_range" CHECK(remaining >= 0 AND remaining <= "lots"."amount")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lots_entry_id_unique` ON `lots` (`entry_id`);--> statement-breakpoint
CREATE INDEX `lots_user_active_idx` ON `lots` (`user_id`,`expires_at`) WHERE remaining > 0;--> statement-breakpoint
CREATE INDEX `lots_expiring_idx` ON `lots` (`expires_at`) WHERE remaining > 0 AND expires_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `payment_reversals` (
	`id` text PRIMARY KEY NOT NULL,
	`payment_intent` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`won` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `payment_reversals_pi_idx` ON `payment_reversals` (`payment_intent`);--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD `lot_id` integer;--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD `hold_id` text;--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD `source_entry_id` integer;--> statement-breakpoint
ALTER TABLE `ledger_entries` ADD `expires_at` integer;