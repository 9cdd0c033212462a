-- History joins each hold's entries to its render job by hold_id (worker/history/reading.ts); without
-- this index that join scans every job of the user for every entry on the page.
CREATE INDEX `render_jobs_hold_idx` ON `render_jobs` (`hold_id`);
