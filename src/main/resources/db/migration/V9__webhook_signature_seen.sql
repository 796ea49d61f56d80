-- Signatures of accepted SMS webhook requests (status callbacks, inbound texts), so a replayed request is refused.
-- A key is inserted in the transaction that applies its request: a request whose processing rolled back leaves no
-- key and can be retried. Rows are pruned once forget_after (the profile's replay window) has passed.
CREATE TABLE webhook_signature_seen (
    key           text        PRIMARY KEY,          -- profile and SHA-256 of the signature
    profile       text        NOT NULL,
    seen_at       timestamptz NOT NULL DEFAULT now(),
    forget_after  timestamptz NOT NULL
);
CREATE INDEX webhook_signature_seen_forget ON webhook_signature_seen (forget_after);
