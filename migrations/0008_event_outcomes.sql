ALTER TABLE `stripe_events` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `stripe_events` ADD `user_id` text;--> statement-breakpoint
CREATE INDEX `stripe_events_created_idx` ON `stripe_events` (`created_at`);