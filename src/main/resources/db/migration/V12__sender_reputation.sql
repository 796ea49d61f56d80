-- Reputation guards of the sending domains (README: "Mail that reaches the inbox"). A hold stops email of one
-- sending domain (deferred with REPUTATION_HOLD) from the moment its complaint or hard-bounce rate passed the limit
-- until a person releases it; who released it and when are kept. At most one hold in force per domain.
CREATE TABLE sender_hold (
    id            bigserial   PRIMARY KEY,
    domain        text        NOT NULL,
    creditor_id   bigint      NOT NULL DEFAULT 1 REFERENCES creditor (id),
    reason        text        NOT NULL CHECK (reason IN ('COMPLAINT_RATE', 'BOUNCE_RATE')),
    sent          integer     NOT NULL,
    complaints    integer     NOT NULL,
    hard_bounces  integer     NOT NULL,
    window_start  timestamptz NOT NULL,
    placed_at     timestamptz NOT NULL,
    released_at   timestamptz,
    released_by   text,
    release_note  text,
    CHECK ((released_at IS NULL) = (released_by IS NULL))
);
CREATE UNIQUE INDEX sender_hold_in_force ON sender_hold (domain) WHERE released_at IS NULL;

-- The rates read the email sent in the last days: by send time, without scanning the other channels.
CREATE INDEX communication_email_sent ON communication (sent_at) WHERE channel = 'email' AND sent_at IS NOT NULL;
