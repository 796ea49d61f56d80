-- Arrears schema. Out of the box these tables ARE the AR database; an ERP-backed installation maps its
-- own tables onto the two source relations at the bottom (see README, "The AR contract").

CREATE TABLE debtor (
    id                        bigserial PRIMARY KEY,
    external_ref              text UNIQUE,
    name                      text        NOT NULL,
    kind                      text        NOT NULL CHECK (kind IN ('B2B', 'B2C')),
    locale                    text        NOT NULL DEFAULT 'en',
    time_zone                 text,                      -- IANA zone; NULL = unknown (gate uses every candidate zone)
    jurisdiction              text,                      -- ISO country or country-subdivision, e.g. US-CA, CA-QC, GB, DE
    postal_code               text,
    phone_area_codes          text[]      NOT NULL DEFAULT '{}', -- location evidence (R2)
    policy_code               text,                      -- explicit policy; NULL = first policy whose segment matches
    bankruptcy                boolean     NOT NULL DEFAULT false,
    deceased                  boolean     NOT NULL DEFAULT false,
    cease_communication       boolean     NOT NULL DEFAULT false,
    attorney_represented      boolean     NOT NULL DEFAULT false,
    attorney_contact          text,
    outside_hours_consent_at  timestamptz,               -- R1: consent given directly by the consumer
    no_contact_before         time,                      -- R3: designated inconvenient times (local)
    no_contact_after          time,
    created_at                timestamptz NOT NULL DEFAULT now()
);

-- Tables the hub owns refer to debtors and invoices by the ids of the AR contract sources, without
-- foreign keys, so they work the same when debtors and invoices live in an ERP's tables.
CREATE TABLE contact_point (
    id                      bigserial PRIMARY KEY,
    debtor_id               bigint      NOT NULL,
    channel                 text        NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'phone')),
    address                 text        NOT NULL,
    consent_source          text        CHECK (consent_source IN ('CONSUMER_USED', 'CONSUMER_CONSENT', 'CREDITOR_NOTICE',
                                                                  'PRIOR_COLLECTOR', 'CREDITOR_FILE', 'SKIP_TRACE')),
    consent_at              timestamptz,
    creditor_notice_sent_on date,                       -- R6(ii): the creditor's 35-day notice
    work_email              boolean     NOT NULL DEFAULT false,
    third_party_disclosure  boolean     NOT NULL DEFAULT false,
    reassigned_check_at     timestamptz,                -- R6 SMS: reassigned-numbers database check
    opted_out_at            timestamptz,
    opt_out_source          text,
    quality                 text        NOT NULL DEFAULT 'UNKNOWN'
                                        CHECK (quality IN ('GOOD', 'UNKNOWN', 'SOFT_BOUNCE', 'HARD_BOUNCE')),
    preferred               boolean     NOT NULL DEFAULT true,
    created_at              timestamptz NOT NULL DEFAULT now(),
    UNIQUE (debtor_id, channel, address)
);
CREATE INDEX contact_point_address ON contact_point (channel, lower(address));

CREATE TABLE invoice (
    id                bigserial PRIMARY KEY,
    debtor_id         bigint         NOT NULL REFERENCES debtor (id),
    invoice_number    text           NOT NULL UNIQUE,
    currency          char(3)        NOT NULL,
    issue_date        date           NOT NULL,
    due_date          date           NOT NULL,
    amount            numeric(18, 2) NOT NULL,
    open_amount       numeric(18, 2) NOT NULL,
    payment_reference text UNIQUE,                      -- ISO 11649 creditor reference, RFnn...
    pdf_path          text,
    created_at        timestamptz    NOT NULL DEFAULT now()
);
CREATE INDEX invoice_open_by_debtor ON invoice (debtor_id, currency) WHERE open_amount > 0;

-- Holds stop outreach for one invoice (invoice_id set) or the whole debtor (invoice_id NULL).
CREATE TABLE hold (
    id               bigserial PRIMARY KEY,
    debtor_id        bigint      NOT NULL,
    invoice_id       bigint,
    kind             text        NOT NULL CHECK (kind IN ('DISPUTE', 'PROMISE_TO_PAY', 'PAYMENT_PLAN', 'LEGAL', 'DO_NOT_CONTACT')),
    reason           text,
    until            date,                              -- NULL = until released
    promised_amount  numeric(18, 2),
    promise_status   text CHECK (promise_status IN ('OPEN', 'KEPT', 'BROKEN')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    released_at      timestamptz
);
CREATE INDEX hold_active ON hold (debtor_id) WHERE released_at IS NULL;

CREATE TABLE payment (
    id                  bigserial PRIMARY KEY,
    debtor_id           bigint,
    amount              numeric(18, 2) NOT NULL,
    currency            char(3)        NOT NULL,
    booking_date        date,
    value_date          date,
    bank_reference      text,
    account             text,
    end_to_end_id       text,
    payer_name          text,
    payer_account       text,
    remittance          text,
    structured_reference text,
    match_method        text,
    created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE allocation (
    id          bigserial PRIMARY KEY,
    payment_id  bigint         NOT NULL REFERENCES payment (id),
    invoice_id  bigint         NOT NULL,
    amount      numeric(18, 2) NOT NULL,
    created_at  timestamptz    NOT NULL DEFAULT now()
);

-- One open cycle per debtor and currency: opened when dunning starts, closed when nothing is open.
CREATE TABLE dunning_cycle (
    id          bigserial PRIMARY KEY,
    debtor_id   bigint      NOT NULL,
    currency    char(3)     NOT NULL,
    opened_at   timestamptz NOT NULL DEFAULT now(),
    closed_at   timestamptz
);
CREATE UNIQUE INDEX dunning_cycle_open ON dunning_cycle (debtor_id, currency) WHERE closed_at IS NULL;

-- The outbox and contact ledger: one row per message, before anything is sent.
CREATE TABLE communication (
    id                  bigserial PRIMARY KEY,
    token               text        NOT NULL UNIQUE,    -- opaque id used in VERP and opt-out links
    dedupe_key          text        NOT NULL UNIQUE,    -- debtor, currency, policy, step, cycle, repeat, channel
    debtor_id           bigint      NOT NULL,
    currency            char(3)     NOT NULL,
    cycle_id            bigint      NOT NULL REFERENCES dunning_cycle (id),
    policy_code         text        NOT NULL,
    policy_version      text        NOT NULL,
    step_code           text        NOT NULL,
    step_index          int         NOT NULL,
    repeat_no           int         NOT NULL DEFAULT 0,
    channel             text        NOT NULL,
    template            text        NOT NULL,
    contact_point_id    bigint REFERENCES contact_point (id),
    address             text,
    status              text        NOT NULL DEFAULT 'PLANNED'
                                    CHECK (status IN ('PLANNED', 'CLAIMED', 'DEFERRED', 'SENT', 'DELIVERED',
                                                      'SUPPRESSED', 'CANCELLED', 'FAILED')),
    plan_date           date        NOT NULL,
    planned_at          timestamptz NOT NULL DEFAULT now(),
    not_before          timestamptz NOT NULL,
    attempts            int         NOT NULL DEFAULT 0,
    claimed_by          text,
    claimed_at          timestamptz,
    gate_verdict        text,
    gate_reason         text,
    gate_detail         text,
    decided_at          timestamptz,
    total_amount        numeric(18, 2),
    sent_at             timestamptz,
    provider_message_id text,
    provider_response   text,
    template_version    text,
    content_sha256      text,
    content_gz          bytea,
    last_error          text
);
-- already gzip-compressed: stored out of line without a second, futile compression attempt
ALTER TABLE communication ALTER COLUMN content_gz SET STORAGE EXTERNAL;
CREATE INDEX communication_due ON communication (channel, not_before, id) WHERE status IN ('PLANNED', 'DEFERRED');
CREATE INDEX communication_claimed ON communication (claimed_at) WHERE status = 'CLAIMED';
CREATE INDEX communication_debtor ON communication (debtor_id, channel, sent_at);
CREATE INDEX communication_cycle ON communication (cycle_id, step_index, repeat_no);

CREATE TABLE communication_invoice (
    communication_id   bigint         NOT NULL REFERENCES communication (id),
    invoice_id         bigint         NOT NULL,
    open_amount_at_plan numeric(18, 2) NOT NULL,
    PRIMARY KEY (communication_id, invoice_id)
);
CREATE INDEX communication_invoice_invoice ON communication_invoice (invoice_id);

-- Append-only history of every status change and gate decision: the audit trail.
-- No foreign key: written only by the hub, in set statements, at a row or more per message.
CREATE TABLE communication_event (
    id                bigserial PRIMARY KEY,
    communication_id  bigint      NOT NULL,
    at                timestamptz NOT NULL DEFAULT now(),
    status            text        NOT NULL,
    verdict           text,
    reason            text,
    detail            text
);
CREATE INDEX communication_event_comm ON communication_event (communication_id);

CREATE TABLE consent_event (
    id                bigserial PRIMARY KEY,
    contact_point_id  bigint      NOT NULL REFERENCES contact_point (id),
    event             text        NOT NULL,           -- OPT_OUT, OPT_IN, HARD_BOUNCE ...
    source            text        NOT NULL,           -- ONE_CLICK, REPLY, SMS_KEYWORD, OPERATOR ...
    communication_id  bigint,
    at                timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inbound_event (
    id                bigserial PRIMARY KEY,
    kind              text        NOT NULL,           -- BOUNCE, REPLY, AUTO_REPLY, RECEIPT, BANK_FILE ...
    source            text        NOT NULL,
    external_id       text        NOT NULL,
    communication_id  bigint,
    debtor_id         bigint,
    received_at       timestamptz NOT NULL DEFAULT now(),
    payload           jsonb,
    status            text        NOT NULL DEFAULT 'NEW',
    UNIQUE (source, external_id)
);

CREATE TABLE task (
    id                bigserial PRIMARY KEY,
    kind              text        NOT NULL,           -- ESCALATION, ATTORNEY, DISPUTE, SUSPENSE ...
    debtor_id         bigint,
    invoice_id        bigint,
    communication_id  bigint,
    cycle_id          bigint,
    step_index        int,
    title             text        NOT NULL,
    detail            text,
    status            text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE', 'CANCELLED')),
    dedupe_key        text UNIQUE,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_open ON task (status, created_at);

-- Camel's JdbcMessageIdRepository table (createTableIfNotExists=false).
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName varchar(255) NOT NULL,
    messageId     varchar(100) NOT NULL,
    createdAt     timestamp    NOT NULL,
    UNIQUE (processorName, messageId)
);

-- The AR contract, default wiring: the hub reads debtors and open invoices only through these two
-- relations (or whatever arrears.ar.debtor-source / arrears.ar.invoice-source name instead).
CREATE VIEW ar_debtor_source AS
SELECT id AS debtor_id, name, kind, locale, time_zone, jurisdiction, postal_code, phone_area_codes,
       policy_code, bankruptcy, deceased, cease_communication, attorney_represented,
       outside_hours_consent_at, no_contact_before, no_contact_after
FROM debtor;

CREATE VIEW ar_invoice_source AS
SELECT id AS invoice_id, debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount,
       payment_reference
FROM invoice;
