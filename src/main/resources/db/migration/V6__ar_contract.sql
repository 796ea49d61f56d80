-- The AR contract, completed: contact points and legal flags an ERP supplies, merged with what the hub learns
-- itself, and RF references the hub issues for invoices the ERP gives none (README, "The AR contract").

-- Contact points are still the hub's own table, which the planner and the gate read. Rows the ERP supplies
-- (arrears.ar.contact-point-source) are imported into it with origin AR; rows the hub learnt itself have origin
-- HUB. An AR row the source no longer yields is retired, never deleted (messages refer to it): a retired point
-- is not chosen for a message and the gate treats it as absent.
ALTER TABLE contact_point
    ADD COLUMN origin     text NOT NULL DEFAULT 'HUB' CHECK (origin IN ('HUB', 'AR')),
    ADD COLUMN retired_at timestamptz;
CREATE INDEX contact_point_ar ON contact_point (debtor_id) WHERE origin = 'AR' AND retired_at IS NULL;

-- Legal flags the hub records itself (an operator, an inbound letter, an attorney's notice), by debtor id of the
-- debtor source. They add to the debtor source's own flags and to arrears.ar.legal-flag-source (merged by OR),
-- so they work the same over an ERP.
CREATE TABLE debtor_flag (
    debtor_id             bigint      PRIMARY KEY,
    cease_communication   boolean     NOT NULL DEFAULT false,
    attorney_represented  boolean     NOT NULL DEFAULT false,
    bankruptcy            boolean     NOT NULL DEFAULT false,
    deceased              boolean     NOT NULL DEFAULT false,
    source                text,                       -- who or what recorded the flags (OPERATOR, LETTER, ...)
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- ISO 11649 references the hub issued for invoices whose source has no payment_reference: "RF", check digits
-- and the invoice id. The invoice source the hub reads fills the gap from here (arrears.ar.issue-references).
CREATE TABLE invoice_reference (
    invoice_id  bigint      PRIMARY KEY,
    reference   text        NOT NULL UNIQUE,
    issued_at   timestamptz NOT NULL DEFAULT now()
);
