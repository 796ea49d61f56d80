-- Entries without a bank reference (CSV exports, MT940 NONREF, BAI2 and camt entries without one) are recognised
-- by a content fingerprint, so that two overlapping exports do not post the same row twice. Two entries are the
-- same when their normalized content is equal and they are the same occurrence of it within their files: the
-- second of two identical rows in one file is a payment of its own, and matches only the second of them in
-- another file.
--
-- The content: the statement account, booking date, amount, currency, counterparty account and name, and
-- remittance text; accounts without spaces, text with its runs of white space as one space, all upper case.
CREATE FUNCTION entry_content(account text, booking_date date, amount numeric, currency text, payer_account text,
                              payer_name text, remittance text)
    RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_array(upper(regexp_replace(coalesce(account, ''), '\s+', '', 'g')),
                             booking_date, amount, upper(btrim(currency)),
                             upper(regexp_replace(coalesce(payer_account, ''), '\s+', '', 'g')),
                             upper(btrim(regexp_replace(coalesce(payer_name, ''), '\s+', ' ', 'g'))),
                             upper(btrim(regexp_replace(coalesce(remittance, ''), '\s+', ' ', 'g'))))::text
$$;

-- The fingerprint: SHA-256 of the content and its occurrence (1 for the first such entry of a file).
CREATE FUNCTION entry_fingerprint(content text, occurrence bigint)
    RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(convert_to(content || '#' || occurrence, 'UTF8'))
$$;

ALTER TABLE payment ADD COLUMN entry_fingerprint bytea;

-- Payments posted before this migration get theirs, so the next export that overlaps them is recognised. Where
-- overlapping exports were already posted twice, only the first posting keeps the fingerprint.
UPDATE payment p SET entry_fingerprint = f.fingerprint
FROM (SELECT id, fingerprint, row_number() OVER (PARTITION BY fingerprint ORDER BY id) AS copy
      FROM (SELECT id, entry_fingerprint(content, row_number() OVER (PARTITION BY bank_file_id, content
                                                                    ORDER BY entry_no)) AS fingerprint
            FROM (SELECT id, bank_file_id, entry_no,
                         entry_content(account, booking_date, amount, currency, payer_account, payer_name,
                                       remittance) AS content
                  FROM payment
                  WHERE bank_reference IS NULL AND bank_file_id IS NOT NULL) c) x) f
WHERE p.id = f.id AND f.copy = 1;

-- Only entries without a bank reference carry one, so the index costs nothing for the others.
CREATE UNIQUE INDEX payment_entry_fingerprint ON payment (entry_fingerprint) WHERE entry_fingerprint IS NOT NULL;

-- Tasks about a whole bank file (its suspense list, its overpayments) name it.
ALTER TABLE task ADD COLUMN bank_file_id bigint;
CREATE INDEX task_bank_file ON task (bank_file_id) WHERE bank_file_id IS NOT NULL;
