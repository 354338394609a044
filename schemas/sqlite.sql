-- extractor output tables (sqlite); schema of outputs: output.schema.json.
-- Loaded by `extractor export`: every row is keyed by the document's sha256 and the
-- output schema_version; reloading a document replaces all its rows in one transaction.
-- Keep in step with schemas/postgres.sql and extractor/export/rows.py.

-- Each loaded output's document; (sha256, schema_version) keys every table.
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    name TEXT NOT NULL,
    chars INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    PRIMARY KEY (sha256, schema_version)
);

-- How the output was produced (model, calls, tokens, cache hits, seconds).
CREATE TABLE IF NOT EXISTS runs (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    model TEXT NOT NULL,
    backend TEXT NOT NULL,
    llm_calls INTEGER NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cache_hits INTEGER NOT NULL,
    seconds REAL NOT NULL,
    PRIMARY KEY (sha256, schema_version),
    FOREIGN KEY (sha256, schema_version) REFERENCES documents (sha256, schema_version)
);

-- Verified facts.
CREATE TABLE IF NOT EXISTS facts (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    category TEXT NOT NULL,
    subject TEXT NOT NULL,
    statement TEXT NOT NULL,
    priority REAL NOT NULL,
    PRIMARY KEY (sha256, schema_version, fact_id),
    FOREIGN KEY (sha256, schema_version) REFERENCES documents (sha256, schema_version)
);

-- Typed fields of a fact, one row per value: field is amounts, percentages, periods, segments, customers, products, channels or financing_kinds.
CREATE TABLE IF NOT EXISTS fact_fields (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    field TEXT NOT NULL,
    position INTEGER NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (sha256, schema_version, fact_id, field, position),
    FOREIGN KEY (sha256, schema_version, fact_id) REFERENCES facts (sha256, schema_version, fact_id)
);

-- Spans of the document text: source[start_offset:end_offset] == quote (Python str offsets).
CREATE TABLE IF NOT EXISTS citations (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    quote TEXT NOT NULL,
    match_kind TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (sha256, schema_version, fact_id, position),
    FOREIGN KEY (sha256, schema_version, fact_id) REFERENCES facts (sha256, schema_version, fact_id)
);

-- The paragraph.
CREATE TABLE IF NOT EXISTS summaries (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    text TEXT NOT NULL,
    tokens INTEGER NOT NULL,
    tokenizer TEXT NOT NULL,
    token_cap INTEGER NOT NULL,
    PRIMARY KEY (sha256, schema_version),
    FOREIGN KEY (sha256, schema_version) REFERENCES documents (sha256, schema_version)
);

-- The paragraph's sentences in order.
CREATE TABLE IF NOT EXISTS summary_sentences (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (sha256, schema_version, position),
    FOREIGN KEY (sha256, schema_version) REFERENCES documents (sha256, schema_version)
);

-- Which facts each sentence renders.
CREATE TABLE IF NOT EXISTS summary_sentence_facts (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    position INTEGER NOT NULL,
    fact_id TEXT NOT NULL,
    PRIMARY KEY (sha256, schema_version, position, fact_id),
    FOREIGN KEY (sha256, schema_version, position) REFERENCES summary_sentences (sha256, schema_version, position)
);

-- Areas with no verified company fact, and why.
CREATE TABLE IF NOT EXISTS not_disclosed (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    category TEXT NOT NULL,
    basis TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (sha256, schema_version, category),
    FOREIGN KEY (sha256, schema_version) REFERENCES documents (sha256, schema_version)
);

-- The EDGAR filing a document was fetched as (`extractor fetch`, `summarize TICKER`):
-- join facts to the SEC's data by cik and accession_number. No row for a local file.
CREATE TABLE IF NOT EXISTS filings (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    cik BIGINT NOT NULL,
    accession_number TEXT NOT NULL,
    company_name TEXT NOT NULL,
    form TEXT NOT NULL,
    filing_date TEXT NOT NULL,
    period_of_report TEXT,
    fiscal_year INTEGER,
    source_url TEXT NOT NULL,
    PRIMARY KEY (sha256, schema_version),
    FOREIGN KEY (sha256, schema_version) REFERENCES documents (sha256, schema_version)
);
CREATE INDEX IF NOT EXISTS filings_cik_accession ON filings (cik, accession_number);

-- The business-model record, one row per value: area (company, segments, revenue, customers,
-- products, channels, financing), slot (e.g. concentration, totals, kinds), its position in
-- the slot and its label (a name, a phrase, a kind, or an amount for revenue totals).
CREATE TABLE IF NOT EXISTS business_model_items (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    area TEXT NOT NULL,
    slot TEXT NOT NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (sha256, schema_version, area, slot, position),
    FOREIGN KEY (sha256, schema_version) REFERENCES documents (sha256, schema_version)
);

-- The figures of a record value, as the cited span writes them: amount or share, and period.
-- "Top-customer share": join with business_model_items where slot = 'concentration'.
CREATE TABLE IF NOT EXISTS business_model_figures (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    area TEXT NOT NULL,
    slot TEXT NOT NULL,
    position INTEGER NOT NULL,
    figure_position INTEGER NOT NULL,
    amount TEXT,
    share TEXT,
    period TEXT,
    PRIMARY KEY (sha256, schema_version, area, slot, position, figure_position),
    FOREIGN KEY (sha256, schema_version, area, slot, position) REFERENCES business_model_items (sha256, schema_version, area, slot, position)
);

-- The facts (and so the citations) each record value rests on.
CREATE TABLE IF NOT EXISTS business_model_item_facts (
    sha256 TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    area TEXT NOT NULL,
    slot TEXT NOT NULL,
    position INTEGER NOT NULL,
    fact_id TEXT NOT NULL,
    PRIMARY KEY (sha256, schema_version, area, slot, position, fact_id),
    FOREIGN KEY (sha256, schema_version, area, slot, position) REFERENCES business_model_items (sha256, schema_version, area, slot, position),
    FOREIGN KEY (sha256, schema_version, fact_id) REFERENCES facts (sha256, schema_version, fact_id)
);
