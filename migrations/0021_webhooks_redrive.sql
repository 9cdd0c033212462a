-- Webhooks out (issue 21): the redrive's state, one row per (event, endpoint) owed a delivery. Written
-- by the drain before the message goes on the queue, moved on by each failed attempt and each
-- redrive (`due_at`: when a live message should have been attempted again by), deleted on success.
CREATE TABLE `webhook_owed` (
	`event_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`first_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`redriven` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`event_id`, `endpoint_id`)
);
--> statement-breakpoint
CREATE INDEX `webhook_owed_due_idx` ON `webhook_owed` (`due_at`);
