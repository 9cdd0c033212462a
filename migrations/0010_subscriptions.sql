CREATE TABLE `invoice_payments` (
	`payment_intent` text PRIMARY KEY NOT NULL,
	`invoice_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `invoice_payments_invoice_idx` ON `invoice_payments` (`invoice_id`);--> statement-breakpoint
CREATE TABLE `subscription_invoices` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`subscription_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`credits` integer NOT NULL,
	`rollover` integer DEFAULT 0 NOT NULL,
	`amount` integer NOT NULL,
	`currency` text NOT NULL,
	`period_start` integer NOT NULL,
	`period_end` integer NOT NULL,
	`payment_intent` text,
	`entry_id` integer,
	`credits_clawed` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscription_invoices_user_idx` ON `subscription_invoices` (`user_id`,`period_end`);--> statement-breakpoint
CREATE INDEX `subscription_invoices_pi_idx` ON `subscription_invoices` (`payment_intent`) WHERE payment_intent IS NOT NULL;--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`status` text NOT NULL,
	`current_period_end` integer,
	`cancel_at_period_end` integer DEFAULT false NOT NULL,
	`source_at` integer NOT NULL,
	`source_rank` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscriptions_user_idx` ON `subscriptions` (`user_id`,`updated_at`);--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `mode` text DEFAULT 'payment' NOT NULL;--> statement-breakpoint
ALTER TABLE `checkout_sessions` ADD `invoice_id` text;--> statement-breakpoint
CREATE INDEX `checkout_sessions_invoice_idx` ON `checkout_sessions` (`invoice_id`) WHERE invoice_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `users` ADD `stripe_customer_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `users_stripe_customer_id_unique` ON `users` (`stripe_customer_id`);