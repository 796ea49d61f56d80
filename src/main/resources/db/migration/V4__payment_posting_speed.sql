-- Posting a large bank file inserts one payment row per entry, and every index on payment costs about as much
-- as the row itself. Two indexes get cheaper forms:
-- * by debtor: lookups (promises kept) are by debtor only; the currency column made every insert compare text.
-- * by bank file: a file's payments are inserted together, one after another, so a BRIN range index finds them
--   at almost no cost per insert, where a B-tree added one entry per row.
DROP INDEX payment_debtor;
CREATE INDEX payment_debtor ON payment (debtor_id);
DROP INDEX payment_bank_file;
CREATE INDEX payment_bank_file ON payment USING brin (bank_file_id) WITH (autosummarize = on);

-- The accounts debtors pay from: one unique index led by the account serves both the uniqueness and the
-- lookup by account that matching does, so learning a file's accounts maintains two indexes instead of three.
ALTER TABLE debtor_bank_account DROP CONSTRAINT debtor_bank_account_debtor_id_account_key;
DROP INDEX debtor_bank_account_account;
ALTER TABLE debtor_bank_account ADD CONSTRAINT debtor_bank_account_account_debtor UNIQUE (account, debtor_id);
