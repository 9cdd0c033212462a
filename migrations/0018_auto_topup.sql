-- Auto top-up (issue 22): each user's settings (threshold, pack, monthly limit, saved card, pause
-- state) and every attempt to charge the saved card. The partial unique index allows at most one
-- pending attempt per user: two racing triggers cannot start two charges, whatever the Worker does.
CREATE TABLE `auto_topup_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT 0 NOT NULL,
	`threshold_credits` integer DEFAULT 100 NOT NULL,
	`pack_id` text DEFAULT 'starter' NOT NULL,
	`monthly_limit_cents` integer DEFAULT 5000 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`payment_method_id` text,
	`card_brand` text,
	`card_last4` text,
	`card_exp_month` integer,
	`card_exp_year` integer,
	`paused_until` integer,
	`retry_after` integer,
	`consecutive_declines` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "auto_topup_settings_status_check" CHECK("auto_topup_settings"."status" IN ('active', 'paused_authentication', 'paused_declined', 'paused_limit')),
	CONSTRAINT "auto_topup_settings_threshold_check" CHECK("auto_topup_settings"."threshold_credits" BETWEEN 1 AND 1000000)
);
--> statement-breakpoint
CREATE TABLE `auto_topup_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`payment_intent_id` text,
	`idempotency_key` text NOT NULL,
	`pack_id` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`currency` text NOT NULL,
	`credits` integer NOT NULL,
	`month` text NOT NULL,
	`failure_code` text,
	`sent_at` integer,
	`amount_refunded` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`settled_at` integer,
	CONSTRAINT "auto_topup_attempts_status_check" CHECK("auto_topup_attempts"."status" IN ('pending', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `auto_topup_attempts_one_pending_uq` ON `auto_topup_attempts` (`user_id`) WHERE `status` = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX `auto_topup_attempts_key_uq` ON `auto_topup_attempts` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `auto_topup_attempts_pi_uq` ON `auto_topup_attempts` (`payment_intent_id`) WHERE `payment_intent_id` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `auto_topup_attempts_user_month_idx` ON `auto_topup_attempts` (`user_id`,`month`);
