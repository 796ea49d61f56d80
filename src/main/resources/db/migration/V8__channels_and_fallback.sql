-- SMS and letters with fallback between channels (issue 9).

-- A step's channels in order (channels: [email, sms, letter]): the planner plans the first one the debtor can be
-- reached on and keeps the rest here; when that message cannot reach the debtor (a hard bounce, an invalid or
-- landline number, no consent, an opt-out, a returned letter) the lifecycle plans the next one, once, with
-- fallback_of naming the message it replaces. An all-of step (each: [email, letter]) plans one row per channel,
-- each with no fallback.
ALTER TABLE communication ADD COLUMN fallback_channels text[] NOT NULL DEFAULT '{}';
ALTER TABLE communication ADD COLUMN fallback_of bigint;
-- when a receipt confirmed delivery (SMS delivery receipt, print vendor)
ALTER TABLE communication ADD COLUMN delivered_at timestamptz;
-- Receipts name a message by the gateway's id. Partial: rows planned and not yet sent are not in it, so claims
-- stay heap-only updates (V3); a SENT update already changes indexed columns (sent_at, in_flight).
CREATE INDEX communication_provider_id ON communication (channel, provider_message_id)
    WHERE provider_message_id IS NOT NULL;

-- Contact-point quality: what sending to it taught the hub, and how old its data is. The planner orders several
-- addresses of one channel by it (policy.MessageScope.contactPoint).
ALTER TABLE contact_point DROP CONSTRAINT contact_point_quality_check;
ALTER TABLE contact_point ADD CONSTRAINT contact_point_quality_check
    CHECK (quality IN ('GOOD', 'UNKNOWN', 'SOFT_BOUNCE', 'HARD_BOUNCE', 'INVALID', 'LANDLINE', 'RETURNED'));
ALTER TABLE contact_point
    ADD COLUMN delivered_count   int NOT NULL DEFAULT 0,
    ADD COLUMN bounced_count     int NOT NULL DEFAULT 0,
    ADD COLUMN returned_count    int NOT NULL DEFAULT 0,
    ADD COLUMN last_delivered_at timestamptz,
    -- when the source last confirmed the address (an AR import, the debtor using it); NULL: created_at
    ADD COLUMN verified_at       timestamptz;
