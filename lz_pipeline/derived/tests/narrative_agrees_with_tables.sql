{{ config(severity='warn') }}
-- A warning, not an error: a narrative that disagrees with its own tables is the publisher's mistake (or a
-- misread claim); it is shown, never hidden, and the tables still load.
SELECT department, year, document_kind, claim_no, sentence, narrative_value, table_rounded
FROM {{ ref('narrative_check') }} WHERE status = 'disagree'
