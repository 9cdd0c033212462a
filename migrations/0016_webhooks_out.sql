-- Webhooks out (issue 21): the outbox written in the same batch as each change it reports, the
-- app's endpoints, every delivery attempt, and each user's low-balance threshold and alert state.
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`data` text NOT NULL,
	`created_at` integer NOT NULL,
	`claimed_until` integer,
	`enqueued_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_events_dedupe_uq` ON `webhook_events` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_events_pending_idx` ON `webhook_events` (`created_at`) WHERE `enqueued_at` IS NULL;--> statement-breakpoint
CREATE INDEX `webhook_events_user_idx` ON `webhook_events` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`events` text,
	`description` text DEFAULT '' NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`failing_since` integer,
	`disabled_at` integer,
	`disabled_reason` text,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`status` text NOT NULL,
	`response_code` integer,
	`error` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_endpoint_idx` ON `webhook_deliveries` (`endpoint_id`,`id`);--> statement-breakpoint
CREATE TABLE `balance_alerts` (
	`user_id` text PRIMARY KEY NOT NULL,
	`low_balance` integer,
	`low_armed` integer DEFAULT 0 NOT NULL,
	`depleted_armed` integer DEFAULT 0 NOT NULL,
	`last_entry_id` integer DEFAULT 0 NOT NULL
);
