-- Apps (issue 20): the origins an API key's pages are served from, the app's own user id on users,
-- and the short-lived browser tokens an app mints for its signed-in user (stored as SHA-256 only).
ALTER TABLE `users` ADD `external_id` text;--> statement-breakpoint
-- The index decides who wins when 20 requests upsert the same external id (never a read-then-write).
CREATE UNIQUE INDEX `users_external_id_uq` ON `users` (`external_id`);--> statement-breakpoint
CREATE TABLE `api_key_origins` (
	`key_id` text NOT NULL REFERENCES `api_keys`(`id`),
	`origin` text NOT NULL,
	PRIMARY KEY(`key_id`, `origin`)
);--> statement-breakpoint
-- CORS preflights carry no token: they ask whether any active key names the origin.
CREATE INDEX `api_key_origins_origin_idx` ON `api_key_origins` (`origin`);--> statement-breakpoint
CREATE TABLE `browser_tokens` (
	`hash` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL REFERENCES `api_keys`(`id`),
	`user_id` text NOT NULL REFERENCES `users`(`id`),
	`expires_at` integer NOT NULL,
	`entered_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);--> statement-breakpoint
CREATE INDEX `browser_tokens_expires_idx` ON `browser_tokens` (`expires_at`);--> statement-breakpoint
-- Every user a key ever minted a browser token for: revoking the key closes those users' token
-- sockets, which may outlive the token rows the cron deletes once they expire.
CREATE TABLE `key_token_users` (
	`key_id` text NOT NULL REFERENCES `api_keys`(`id`),
	`user_id` text NOT NULL REFERENCES `users`(`id`),
	PRIMARY KEY(`key_id`, `user_id`)
);
