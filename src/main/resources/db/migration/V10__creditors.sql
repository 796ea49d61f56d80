-- Several creditors (legal entities, brands, an agency's clients) in one hub. Every row that belongs to a
-- creditor says so; a single-creditor installation keeps one row, 'default', and never names it.
-- Adding a NOT NULL column with a constant default does not rewrite the table (PostgreSQL 11+), so this
-- migration is instant on an existing installation; the defaults stay so the writers that predate
-- creditors keep writing to the default creditor.
CREATE TABLE creditor (
    id          bigint      PRIMARY KEY,
    code        text        NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    legal_name  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO creditor (id, code, legal_name) VALUES (1, 'default', 'Default creditor');

ALTER TABLE debtor        ADD COLUMN creditor_id bigint NOT NULL DEFAULT 1 REFERENCES creditor (id);
ALTER TABLE invoice       ADD COLUMN creditor_id bigint NOT NULL DEFAULT 1 REFERENCES creditor (id);
ALTER TABLE contact_point ADD COLUMN creditor_id bigint NOT NULL DEFAULT 1;
ALTER TABLE communication ADD COLUMN creditor_id bigint NOT NULL DEFAULT 1;
ALTER TABLE payment       ADD COLUMN creditor_id bigint NOT NULL DEFAULT 1;
ALTER TABLE bank_file     ADD COLUMN creditor_id bigint;              -- NULL: a file whose accounts span creditors
ALTER TABLE task          ADD COLUMN creditor_id bigint NOT NULL DEFAULT 1;
ALTER TABLE hold          ADD COLUMN creditor_id bigint NOT NULL DEFAULT 1;
ALTER TABLE inbound_event ADD COLUMN creditor_id bigint;              -- NULL until the item is matched

CREATE INDEX debtor_creditor ON debtor (creditor_id);
CREATE INDEX task_creditor_open ON task (creditor_id, status, created_at);
