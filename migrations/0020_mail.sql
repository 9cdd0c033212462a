-- Email (worker/mail, worker/accounts/password-resets.ts). Hand-written; see worker/db/schema.ts.
-- The language a user's emails are written in ('en' or 'zh'); null until they sign up or in with one (then 'en').
ALTER TABLE `users` ADD `locale` text;
--> statement-breakpoint
-- Password reset links: only the SHA-256 of the token is stored; a token works once, before expires_at.
CREATE TABLE `password_resets` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	-- A random id of the confirm that used this token: the rest of that confirm's batch finds its user by it.
	`confirm_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_resets_user_idx` ON `password_resets` (`user_id`);
--> statement-breakpoint
-- Each email the app sends about a thing that happened once (a receipt for a ledger entry, a failed
-- renewal's notice), claimed by its dedupe key before sending: a replayed event sends nothing more.
CREATE TABLE `mail_sent` (
	`dedupe_key` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_sent_user_idx` ON `mail_sent` (`user_id`);
--> statement-breakpoint
-- A change of email waits here until the link sent to the new address is opened: until then the old
-- address stays the account's (sign-in, receipts). Only the token's SHA-256 is stored.
CREATE TABLE `email_changes` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`new_email` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`confirm_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `email_changes_user_idx` ON `email_changes` (`user_id`);
