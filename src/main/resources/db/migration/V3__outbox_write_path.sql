-- The planner writes a campaign's messages, their invoice links and their cycles in one statement, and the hub
-- never deletes any of them; the foreign keys between those rows only re-checked, row by row, what that statement
-- had just written (a quarter of planning time on a large book) and locked the referenced rows while doing so.
ALTER TABLE communication DROP CONSTRAINT communication_cycle_id_fkey;
ALTER TABLE communication DROP CONSTRAINT communication_contact_point_id_fkey;
ALTER TABLE communication_invoice DROP CONSTRAINT communication_invoice_communication_id_fkey;

-- Claiming a message changes its status, claimer and claim time. While an index covered any of them (the due
-- and claimed indexes were partial on status), every claim wrote a new entry into each of the table's indexes.
-- Now the indexes see only in_flight, which a claim does not change, and pages keep room for the claimed
-- version, so a claim is a heap-only (HOT) update. The sweep of expired claims walks the in-flight rows.
ALTER TABLE communication ADD COLUMN in_flight boolean
    GENERATED ALWAYS AS (status IN ('PLANNED', 'CLAIMED', 'DEFERRED')) STORED;
DROP INDEX communication_due;
DROP INDEX communication_claimed;
CREATE INDEX communication_due ON communication (channel, not_before, id) WHERE in_flight;
ALTER TABLE communication SET (fillfactor = 50);
