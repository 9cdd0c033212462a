-- Who settles a hold (issue 18): 'user' (placed through the cookie routes) or 'app' (placed through
-- /api/v1, or by the Studio for a render the farm settles; only /api/v1 may capture, release or
-- extend it). The CHECK makes the database refuse any other value, old rows included.
ALTER TABLE `holds` ADD `owner` text DEFAULT 'user' NOT NULL CHECK (`owner` IN ('user', 'app'));--> statement-breakpoint
-- Renders already running: their holds were placed by the Studio for the farm to settle. (Holds placed
-- through /api/v1 before this migration cannot be told apart from the user's own and stay 'user'.)
UPDATE `holds` SET `owner` = 'app' WHERE `id` IN (SELECT `hold_id` FROM `render_jobs`);
