-- Webhooks out (issue 21): secret rotation with overlap. The replaced secret keeps signing beside the
-- new one until `previous_secret_until` (epoch ms), so receivers can switch without losing an event.
ALTER TABLE `webhook_endpoints` ADD `previous_secret` text;--> statement-breakpoint
ALTER TABLE `webhook_endpoints` ADD `previous_secret_until` integer;
