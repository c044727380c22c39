-- The project store: datasets, working labels with their history, ground truth, model versions,
-- prototypes and suggestions.
--
-- Conventions: times are UTC ISO-8601 text with milliseconds ('2024-05-01T12:00:00.000Z'), so
-- they sort as text and read as themselves; a cell (image, category) without a row in `label` is
-- unknown; states and sources are lower-case words that CHECK constraints limit.
--
-- NOTE: the CHECK constraints compare with OR chains, not `x IN ('a', 'b')`: SQLite builds the IN
-- list's lookup table again on every execution of an INSERT, which doubled the cost of a bulk
-- import's label rows (sqlite-jdbc 3.54.1.0, 390,000 rows: 1.1 s of CPU time against 0.6 s).

CREATE TABLE project (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    created_at TEXT NOT NULL
);

-- A folder that image paths are relative to. Relinking a moved dataset updates `path` only.
CREATE TABLE dataset_root (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL UNIQUE,
    -- 1 when an import declared the source exhaustive: its unknown cells were imported as negative.
    exhaustive INTEGER NOT NULL DEFAULT 0 CHECK (exhaustive = 0 OR exhaustive = 1),
    created_at TEXT NOT NULL
);

CREATE TABLE image (
    id            INTEGER PRIMARY KEY,
    root_id       INTEGER NOT NULL REFERENCES dataset_root (id),
    -- Relative to the root, '/'-separated, without '.' or '..' segments.
    path          TEXT NOT NULL CHECK (length(path) > 0),
    -- Stored pixel size, before the EXIF orientation is applied; 0 when unknown.
    width         INTEGER NOT NULL DEFAULT 0 CHECK (width >= 0),
    height        INTEGER NOT NULL DEFAULT 0 CHECK (height >= 0),
    sha256        TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    orientation   INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8),
    split         TEXT NOT NULL DEFAULT 'train' CHECK (split = 'train' OR split = 'val' OR split = 'test'),
    status        TEXT NOT NULL CHECK (status = 'ok' OR status = 'missing' OR status = 'damaged'),
    status_reason TEXT,
    CHECK ((status = 'ok') = (status_reason IS NULL)),
    UNIQUE (root_id, path)
);

CREATE TABLE category (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    -- The words the text encoder reads, such as 'potted plant' for 'pottedplant'.
    prompt_name TEXT NOT NULL CHECK (length(trim(prompt_name)) > 0),
    colour      TEXT NOT NULL CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    sort_order  INTEGER NOT NULL,
    -- The identifier the first source that named the category gave it (a COCO id, a YOLO index).
    original_id TEXT
);

-- A group of label changes that is recorded, undone and redone as one: a user action, an import,
-- or an undo or redo itself. Only batches of kind 'edit' are on the undo stack.
CREATE TABLE label_batch (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind = 'edit' OR kind = 'import' OR kind = 'undo' OR kind = 'redo'),
    description TEXT NOT NULL,
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    -- For edits: 'done' (on the undo stack), 'undone' (on the redo stack) or 'discarded' (a later
    -- edit cleared the redo stack).
    undo_state  TEXT CHECK (undo_state = 'done' OR undo_state = 'undone' OR undo_state = 'discarded'),
    -- For an undone edit: the undo batch that reverted it, which orders the redo stack.
    undone_by   INTEGER REFERENCES label_batch (id),
    -- For undo and redo batches: the edit they act on.
    target_id   INTEGER REFERENCES label_batch (id),
    CHECK ((kind = 'edit') = (undo_state IS NOT NULL)),
    CHECK ((kind = 'undo' OR kind = 'redo') = (target_id IS NOT NULL)),
    CHECK ((undo_state = 'undone') = (undone_by IS NOT NULL))
);
CREATE INDEX label_batch_undo_stack ON label_batch (undo_state, id) WHERE kind = 'edit';
CREATE INDEX label_batch_redo_stack ON label_batch (undone_by) WHERE undo_state = 'undone';

-- The working labels: one row per known cell. Who set a label and when are the actor and
-- created_at of its batch, so a COCO-sized import writes 9.4 million narrow rows instead of
-- repeating its actor and time in each. No index beyond the key: statistics read
-- category_label_count instead of grouping this table, and an index on the category made each
-- import write every row twice.
CREATE TABLE label (
    image_id    INTEGER NOT NULL REFERENCES image (id),
    category_id INTEGER NOT NULL REFERENCES category (id),
    state       TEXT NOT NULL CHECK (state = 'positive' OR state = 'negative'),
    source      TEXT NOT NULL CHECK (source = 'imported' OR source = 'annotator'
                                     OR source = 'accepted_suggestion' OR source = 'rejected_suggestion'),
    batch_id    INTEGER NOT NULL REFERENCES label_batch (id),
    PRIMARY KEY (image_id, category_id)
) WITHOUT ROWID;

-- Positive and negative counts per category of `label` (working) and `complete_label` (ground
-- truth). LabelRepository and CompleteLabelRepository change them in the same transaction as the
-- rows they count, because grouping 9.4 million label rows by category took 3.5 s of CPU time
-- (sqlite-jdbc 3.54.1.0). A category without a row has no known cells.
CREATE TABLE category_label_count (
    category_id       INTEGER PRIMARY KEY REFERENCES category (id),
    positive          INTEGER NOT NULL DEFAULT 0 CHECK (positive >= 0),
    negative          INTEGER NOT NULL DEFAULT 0 CHECK (negative >= 0),
    complete_positive INTEGER NOT NULL DEFAULT 0 CHECK (complete_positive >= 0),
    complete_negative INTEGER NOT NULL DEFAULT 0 CHECK (complete_negative >= 0)
);

CREATE TABLE model_version (
    id              INTEGER PRIMARY KEY,
    parent_id       INTEGER REFERENCES model_version (id),
    backbone        TEXT NOT NULL,
    training_config TEXT NOT NULL CHECK (json_valid(training_config)),
    metrics         TEXT CHECK (metrics IS NULL OR json_valid(metrics)),
    -- Relative to the project's models/ folder.
    weights_file    TEXT NOT NULL,
    created_at      TEXT NOT NULL
);

-- A category prototype of a model version: float32 little-endian vector of `dimension` values.
-- `centre` numbers the centres when a category has several (k-means visual prototypes).
CREATE TABLE prototype (
    model_version_id INTEGER NOT NULL REFERENCES model_version (id),
    category_id      INTEGER NOT NULL REFERENCES category (id),
    kind             TEXT NOT NULL CHECK (kind = 'text' OR kind = 'visual'),
    centre           INTEGER NOT NULL DEFAULT 0 CHECK (centre >= 0),
    dimension        INTEGER NOT NULL CHECK (dimension > 0),
    vector           BLOB NOT NULL CHECK (length(vector) = 4 * dimension),
    PRIMARY KEY (model_version_id, category_id, kind, centre)
);

CREATE TABLE suggestion (
    id               INTEGER PRIMARY KEY,
    image_id         INTEGER NOT NULL REFERENCES image (id),
    category_id      INTEGER NOT NULL REFERENCES category (id),
    model_version_id INTEGER NOT NULL REFERENCES model_version (id),
    probability      REAL NOT NULL CHECK (probability BETWEEN 0.0 AND 1.0),
    -- Cosine similarities to the visual and text prototypes; NULL when prototypes are off.
    visual_score     REAL CHECK (visual_score BETWEEN -1.0 AND 1.0),
    text_score       REAL CHECK (text_score BETWEEN -1.0 AND 1.0),
    proposed_state   TEXT NOT NULL CHECK (proposed_state = 'positive' OR proposed_state = 'negative'
                                          OR proposed_state = 'none'),
    -- How much a decision on this cell would teach the model; higher first.
    informativeness  REAL NOT NULL DEFAULT 0.0,
    -- 1 when the model disagrees with a known (imported) label of the cell.
    possible_error   INTEGER NOT NULL DEFAULT 0 CHECK (possible_error = 0 OR possible_error = 1),
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending' OR status = 'accepted'
                                                            OR status = 'rejected' OR status = 'superseded'),
    created_at       TEXT NOT NULL,
    decided_by       TEXT,
    decided_at       TEXT,
    UNIQUE (model_version_id, image_id, category_id)
);
CREATE UNIQUE INDEX suggestion_one_pending_per_cell ON suggestion (image_id, category_id)
    WHERE status = 'pending';
CREATE INDEX suggestion_pending_by_informativeness ON suggestion (informativeness DESC, id)
    WHERE status = 'pending';

-- Append-only history of label changes: every change by an edit, undo or redo, and every change a
-- re-import makes to a label that had a value. A cell an import makes known for the first time has
-- no event (the label row's source and batch record it), which keeps a COCO-sized import from
-- writing 9.4 million events. The old_* columns hold the whole previous row, so undo restores it
-- exactly; a NULL state means unknown (no row).
CREATE TABLE label_event (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES label_batch (id),
    image_id       INTEGER NOT NULL REFERENCES image (id),
    category_id    INTEGER NOT NULL REFERENCES category (id),
    old_state      TEXT CHECK (old_state = 'positive' OR old_state = 'negative'),
    old_source     TEXT CHECK (old_source = 'imported' OR old_source = 'annotator'
                               OR old_source = 'accepted_suggestion' OR old_source = 'rejected_suggestion'),
    -- The batch that had set the previous label.
    old_batch_id   INTEGER REFERENCES label_batch (id),
    new_state      TEXT CHECK (new_state = 'positive' OR new_state = 'negative'),
    new_source     TEXT CHECK (new_source = 'imported' OR new_source = 'annotator'
                               OR new_source = 'accepted_suggestion' OR new_source = 'rejected_suggestion'),
    -- The suggestion that an accept or reject decided.
    suggestion_id  INTEGER REFERENCES suggestion (id),
    actor          TEXT NOT NULL,
    reason         TEXT,
    created_at     TEXT NOT NULL,
    CHECK ((old_state IS NULL) = (old_source IS NULL)),
    CHECK ((old_state IS NULL) = (old_batch_id IS NULL)),
    CHECK ((new_state IS NULL) = (new_source IS NULL)),
    CHECK (old_state IS NOT new_state OR old_source IS NOT new_source)
);
CREATE INDEX label_event_by_batch ON label_event (batch_id);
CREATE INDEX label_event_by_cell ON label_event (image_id, category_id, id);

CREATE TRIGGER label_event_no_update BEFORE UPDATE ON label_event
BEGIN
    SELECT RAISE(ABORT, 'label_event is append-only');
END;

CREATE TRIGGER label_event_no_delete BEFORE DELETE ON label_event
BEGIN
    SELECT RAISE(ABORT, 'label_event is append-only');
END;

-- Complete labels kept as ground truth for evaluation (for example the full labels of a split
-- whose working labels were thinned by a missing-label simulation). Never shown as working labels.
CREATE TABLE complete_label (
    image_id    INTEGER NOT NULL REFERENCES image (id),
    category_id INTEGER NOT NULL REFERENCES category (id),
    state       TEXT NOT NULL CHECK (state = 'positive' OR state = 'negative'),
    PRIMARY KEY (image_id, category_id)
) WITHOUT ROWID;
