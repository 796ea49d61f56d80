-- The message lifecycle (outreach.MessageLifecycle is the only writer of communication.status and of
-- communication_event).
--
-- claim_token: every write to a claimed row is fenced by the claim that took it, so a worker that lost its lease
-- (its claim expired and was released, maybe claimed again by another worker) can neither record nor send.
-- sending_since: set, fenced by the claim, on the few rows a worker is about to hand to the gateway, and cleared
-- when their outcome is recorded. A claim that expires with it set belonged to a worker that vanished while
-- sending: the message may have been delivered. The sweeper counts those (and raises a task) before releasing
-- them. Neither column is indexed, so claims and marks stay heap-only updates (see V3).
ALTER TABLE communication ADD COLUMN claim_token uuid;
ALTER TABLE communication ADD COLUMN sending_since timestamptz;

-- BOUNCED: sent, then reported undeliverable by the recipient's side (a DSN, a synchronous 5xx at RCPT).
ALTER TABLE communication DROP CONSTRAINT communication_status_check;
ALTER TABLE communication ADD CONSTRAINT communication_status_check
    CHECK (status IN ('PLANNED', 'CLAIMED', 'DEFERRED', 'SENT', 'DELIVERED', 'BOUNCED',
                      'SUPPRESSED', 'CANCELLED', 'FAILED'));
