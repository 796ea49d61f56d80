-- Retention and erasure (COMPLIANCE R22, R40; README "Retention and erasure").

-- What the hub did about personal data: each retention purge and each erasure request, with its counts. Kept
-- for the retention period like any other evidence; it names the debtor by id only.
CREATE TABLE data_protection_log (
    id         bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    action     text        NOT NULL CHECK (action IN ('PURGE', 'ERASE', 'RESTRICT')),
    debtor_id  bigint,
    detail     jsonb       NOT NULL
);
CREATE INDEX data_protection_log_debtor ON data_protection_log (debtor_id) WHERE debtor_id IS NOT NULL;

-- Opted-out addresses of erased debtors, kept only as the SHA-256 of the lower-cased address: the address stays
-- suppressed when it comes back (an AR import, an operator) without the hub keeping the address itself.
CREATE TABLE suppressed_address (
    channel         text        NOT NULL,
    address_sha256  text        NOT NULL,
    opted_out_at    timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (channel, address_sha256)
);

-- A contact point written with a suppressed address is opted out from the start, whichever path writes it.
CREATE FUNCTION contact_point_suppressed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.opted_out_at IS NULL AND EXISTS (
            SELECT 1 FROM suppressed_address s
            WHERE s.channel = NEW.channel
              AND s.address_sha256 = encode(sha256(convert_to(lower(NEW.address), 'UTF8')), 'hex')) THEN
        NEW.opted_out_at := now();
        NEW.opt_out_source := 'SUPPRESSED';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER contact_point_suppressed BEFORE INSERT OR UPDATE OF address ON contact_point
    FOR EACH ROW EXECUTE FUNCTION contact_point_suppressed();
