-- Several creditors in one hub (README: "Several creditors"). The hub's own AR contract views carry each row's
-- creditor_id, and what identifies a debtor or an invoice to people and banks is unique per creditor: two
-- creditors may both have invoice INV-1001, customer K-17 and the same payment reference.

CREATE OR REPLACE VIEW ar_debtor_source AS
SELECT id AS debtor_id, name, kind, locale, time_zone, jurisdiction, postal_code, phone_area_codes,
       policy_code, bankruptcy, deceased, cease_communication, attorney_represented,
       outside_hours_consent_at, no_contact_before, no_contact_after, creditor_id
FROM debtor;

CREATE OR REPLACE VIEW ar_invoice_source AS
SELECT id AS invoice_id, debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount,
       payment_reference, creditor_id
FROM invoice;

-- Led by the number (the payment poster and the console look invoices up by it), unique with the creditor.
ALTER TABLE invoice DROP CONSTRAINT invoice_invoice_number_key;
ALTER TABLE invoice ADD CONSTRAINT invoice_number_per_creditor UNIQUE (invoice_number, creditor_id);
ALTER TABLE invoice DROP CONSTRAINT invoice_payment_reference_key;
ALTER TABLE invoice ADD CONSTRAINT invoice_payment_reference_per_creditor UNIQUE (payment_reference, creditor_id);
ALTER TABLE debtor DROP CONSTRAINT debtor_external_ref_key;
ALTER TABLE debtor ADD CONSTRAINT debtor_external_ref_per_creditor UNIQUE (external_ref, creditor_id);

-- A payment's creditor is the creditor of the statement account it arrived on.
CREATE INDEX payment_creditor ON payment (creditor_id, status);

-- Rows that name a debtor of the hub's own debtor table belong to that debtor's creditor: an invoice always,
-- and a contact point, hold or task whose writer left the default. A task or hold about a message or a payment
-- (an ERP debtor the debtor table does not hold) takes the message's or payment's creditor. A writer that names
-- another creditor explicitly keeps it.
CREATE FUNCTION creditor_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    found bigint;
BEGIN
    IF TG_TABLE_NAME <> 'invoice' AND NEW.creditor_id IS DISTINCT FROM 1 THEN
        RETURN NEW;
    END IF;
    IF NEW.debtor_id IS NOT NULL THEN
        SELECT d.creditor_id INTO found FROM debtor d WHERE d.id = NEW.debtor_id;
    END IF;
    IF found IS NULL AND TG_TABLE_NAME = 'task' THEN
        IF NEW.communication_id IS NOT NULL THEN
            SELECT c.creditor_id INTO found FROM communication c WHERE c.id = NEW.communication_id;
        END IF;
        IF found IS NULL AND NEW.payment_id IS NOT NULL THEN
            SELECT p.creditor_id INTO found FROM payment p WHERE p.id = NEW.payment_id;
        END IF;
    END IF;
    IF found IS NULL AND TG_TABLE_NAME IN ('task', 'hold') AND NEW.debtor_id IS NOT NULL THEN
        SELECT c.creditor_id INTO found FROM communication c WHERE c.debtor_id = NEW.debtor_id
        ORDER BY c.id DESC LIMIT 1;
    END IF;
    NEW.creditor_id := coalesce(found, NEW.creditor_id);
    RETURN NEW;
END $$;

CREATE TRIGGER invoice_creditor BEFORE INSERT ON invoice FOR EACH ROW EXECUTE FUNCTION creditor_of_row();
CREATE TRIGGER contact_point_creditor BEFORE INSERT ON contact_point FOR EACH ROW EXECUTE FUNCTION creditor_of_row();
CREATE TRIGGER hold_creditor BEFORE INSERT ON hold FOR EACH ROW EXECUTE FUNCTION creditor_of_row();
CREATE TRIGGER task_creditor BEFORE INSERT ON task FOR EACH ROW EXECUTE FUNCTION creditor_of_row();

-- The AR contract's creditor column may hold the ERP's own values (a company code, a client number):
-- arrears.ar.creditor-map.<value>=<creditor code> maps them, written here at startup.
CREATE TABLE creditor_alias (
    ar_value     text   PRIMARY KEY,
    creditor_id  bigint NOT NULL REFERENCES creditor (id)
);
