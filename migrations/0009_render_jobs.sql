CREATE TABLE `render_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`hold_id` text NOT NULL,
	`prompt` text NOT NULL,
	`seconds` integer NOT NULL,
	`resolution` text NOT NULL,
	`max_cost` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`cost` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `render_jobs_user_idx` ON `render_jobs` (`user_id`,`created_at`);