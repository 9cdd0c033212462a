-- Subscriptions the app cancelled itself (a second one for the same user, or one on a closed account):
-- why and when, so a retry finishes the job and the user is told (worker/subscriptions/guard.ts).
ALTER TABLE `subscriptions` ADD `voided_reason` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `voided_at` integer;
