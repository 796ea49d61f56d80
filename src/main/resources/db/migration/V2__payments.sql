-- Bank payment files: what was received, how each entry was matched and posted, what the debtor's bank
-- accounts are, and credits from overpayments. As in V1, hub tables refer to debtors and invoices by the ids
-- of the AR contract sources, without foreign keys.

-- One row per bank file the hub was given: posted, quarantined (unreadable or failing validation), or a
-- duplicate of a file already posted (same content). Only one POSTED row per content hash: a partial unique
-- index, because duplicates and quarantined files are recorded too and carry the same hash.
CREATE TABLE bank_file (
    id              bigserial PRIMARY KEY,
    file_name       text        NOT NULL,
    content_sha256  text        NOT NULL,
    format          text,
    status          text        NOT NULL CHECK (status IN ('POSTED', 'QUARANTINED', 'DUPLICATE')),
    received_at     timestamptz NOT NULL DEFAULT now(),
    report          jsonb,
    error           text,
    duplicate_of    bigint
);
CREATE UNIQUE INDEX bank_file_posted_content ON bank_file (content_sha256) WHERE status = 'POSTED';
CREATE INDEX bank_file_received ON bank_file (received_at);

-- Payments now come from bank files. status:
--   MATCHED   the whole amount was applied to invoices
--   PARTIAL   the whole amount was applied, and an invoice it paid is still partly open
--   CREDIT    more than the debtor owed: the rest is a credit on the debtor (debtor_credit)
--   SUSPENSE  not matched (unknown, ambiguous, currency mismatch): on the suspense list with a task
--   RETURNED  paid once, then returned or reversed by the bank (see the reversing row)
--   REVERSAL  a return or reversal entry; reverses_payment_id names what it reversed
--   DEBIT     money out that is no debtor payment (fees, transfers): recorded, not applied
--   NOTICE    a zero-amount notification (ACH notification of change): recorded with a task
ALTER TABLE payment
    ADD COLUMN bank_file_id        bigint,
    ADD COLUMN entry_no            int,
    ADD COLUMN status              text CHECK (status IN ('MATCHED', 'PARTIAL', 'CREDIT', 'SUSPENSE', 'RETURNED',
                                                          'REVERSAL', 'DEBIT', 'NOTICE')),
    ADD COLUMN suspense_reason     text,
    ADD COLUMN return_reason       text,
    ADD COLUMN reverses_payment_id bigint;
-- Payments recorded before this migration were applied to invoices.
UPDATE payment SET status = 'MATCHED' WHERE status IS NULL;
-- An entry seen before (the bank's reference on the same account) posts nothing.
CREATE UNIQUE INDEX payment_bank_entry ON payment (account, bank_reference) WHERE bank_reference IS NOT NULL;
CREATE INDEX payment_debtor ON payment (debtor_id, currency);
CREATE INDEX payment_end_to_end ON payment (end_to_end_id) WHERE end_to_end_id IS NOT NULL;
CREATE INDEX payment_bank_file ON payment (bank_file_id);
CREATE INDEX payment_suspense ON payment (created_at) WHERE status = 'SUSPENSE';

-- Payments, allocations and credits are written only by the poster, set-based, in the transaction that
-- inserts the payments they refer to; per-row foreign-key checks (each also locks the referenced row) would
-- cost more than the rows themselves at bank-file volumes, so these references carry no FOREIGN KEY.
ALTER TABLE allocation DROP CONSTRAINT allocation_payment_id_fkey;
ALTER TABLE allocation ADD COLUMN bank_file_id bigint;
CREATE INDEX allocation_payment ON allocation (payment_id);
CREATE INDEX allocation_invoice ON allocation (invoice_id);

-- Bank accounts and payer names a debtor pays from: matching by account (or name) plus amount uses them.
-- Learnt from payments matched by reference; an operator may add rows too.
CREATE TABLE debtor_bank_account (
    id          bigserial PRIMARY KEY,
    debtor_id   bigint      NOT NULL,
    account     text        NOT NULL,            -- IBAN or account number, upper case without spaces
    payer_name  text,
    source      text        NOT NULL DEFAULT 'LEARNT' CHECK (source IN ('LEARNT', 'OPERATOR', 'ERP')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (debtor_id, account)
);
CREATE INDEX debtor_bank_account_account ON debtor_bank_account (account);

-- Credit on a debtor's account: positive rows from overpayments, negative rows when the payment that gave
-- the credit is returned. The balance is the sum per debtor and currency.
CREATE TABLE debtor_credit (
    id          bigserial PRIMARY KEY,
    debtor_id   bigint         NOT NULL,
    currency    char(3)        NOT NULL,
    amount      numeric(18, 2) NOT NULL,
    payment_id  bigint         NOT NULL,
    created_at  timestamptz    NOT NULL DEFAULT now()
);
CREATE INDEX debtor_credit_debtor ON debtor_credit (debtor_id, currency);

-- Tasks about a payment (suspense, return, bank notice) name it.
ALTER TABLE task ADD COLUMN payment_id bigint;
CREATE INDEX task_payment ON task (payment_id) WHERE payment_id IS NOT NULL;

-- Camel keeps absolute file paths here (the payments inbox read lock): longer than the default 100.
ALTER TABLE CAMEL_MESSAGEPROCESSED ALTER COLUMN messageId TYPE varchar(1024);
