-- The project store: datasets, working labels with their history, ground truth, model versions,
-- prototypes and suggestions.
--
-- Conventions: times are UTC ISO-8601 text with milliseconds ('2024-05-01T12:00:00.000Z'), so
-- they sort as text and read as themselves; a cell (image, category) without a row in `label` is
-- unknown; states and sources are lower-case words that CHECK constraints limit.

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
    exhaustive INTEGER NOT NULL DEFAULT 0 CHECK (exhaustive IN (0, 1)),
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
    split         TEXT NOT NULL DEFAULT 'train' CHECK (split IN ('train', 'val', 'test')),
    status        TEXT NOT NULL CHECK (status IN ('ok', 'missing', 'damaged')),
    status_reason TEXT,
    CHECK ((status = 'ok') = (status_reason IS NULL)),
    UNIQUE (root_id, path)
);
CREATE INDEX image_by_split ON image (split, id);

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
    kind        TEXT NOT NULL CHECK (kind IN ('edit', 'import', 'undo', 'redo')),
    description TEXT NOT NULL,
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    -- For edits: 'done' (on the undo stack), 'undone' (on the redo stack) or 'discarded' (a later
    -- edit cleared the redo stack).
    undo_state  TEXT CHECK (undo_state IN ('done', 'undone', 'discarded')),
    -- For an undone edit: the undo batch that reverted it, which orders the redo stack.
    undone_by   INTEGER REFERENCES label_batch (id),
    -- For undo and redo batches: the edit they act on.
    target_id   INTEGER REFERENCES label_batch (id),
    CHECK ((kind = 'edit') = (undo_state IS NOT NULL)),
    CHECK ((kind IN ('undo', 'redo')) = (target_id IS NOT NULL)),
    CHECK ((undo_state = 'undone') = (undone_by IS NOT NULL))
);
CREATE INDEX label_batch_undo_stack ON label_batch (undo_state, id) WHERE kind = 'edit';
CREATE INDEX label_batch_redo_stack ON label_batch (undone_by) WHERE undo_state = 'undone';

-- The working labels: one row per known cell.
CREATE TABLE label (
    image_id    INTEGER NOT NULL REFERENCES image (id),
    category_id INTEGER NOT NULL REFERENCES category (id),
    state       TEXT NOT NULL CHECK (state IN ('positive', 'negative')),
    source      TEXT NOT NULL CHECK (source IN ('imported', 'annotator', 'accepted_suggestion',
                                                'rejected_suggestion')),
    actor       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (image_id, category_id)
) WITHOUT ROWID;
CREATE INDEX label_by_category ON label (category_id, state);

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
    kind             TEXT NOT NULL CHECK (kind IN ('text', 'visual')),
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
    proposed_state   TEXT NOT NULL CHECK (proposed_state IN ('positive', 'negative', 'none')),
    -- How much a decision on this cell would teach the model; higher first.
    informativeness  REAL NOT NULL DEFAULT 0.0,
    -- 1 when the model disagrees with a known (imported) label of the cell.
    possible_error   INTEGER NOT NULL DEFAULT 0 CHECK (possible_error IN (0, 1)),
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'accepted', 'rejected', 'superseded')),
    created_at       TEXT NOT NULL,
    decided_by       TEXT,
    decided_at       TEXT,
    UNIQUE (model_version_id, image_id, category_id)
);
CREATE UNIQUE INDEX suggestion_one_pending_per_cell ON suggestion (image_id, category_id)
    WHERE status = 'pending';
CREATE INDEX suggestion_pending_by_informativeness ON suggestion (informativeness DESC, id)
    WHERE status = 'pending';

-- Append-only history of every change of a working label made by an edit, undo, redo or a
-- re-import. The old_* columns hold the whole previous row, so undo restores it exactly; a NULL
-- state means unknown (no row).
CREATE TABLE label_event (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES label_batch (id),
    image_id       INTEGER NOT NULL REFERENCES image (id),
    category_id    INTEGER NOT NULL REFERENCES category (id),
    old_state      TEXT CHECK (old_state IN ('positive', 'negative')),
    old_source     TEXT CHECK (old_source IN ('imported', 'annotator', 'accepted_suggestion',
                                              'rejected_suggestion')),
    old_actor      TEXT,
    old_updated_at TEXT,
    new_state      TEXT CHECK (new_state IN ('positive', 'negative')),
    new_source     TEXT CHECK (new_source IN ('imported', 'annotator', 'accepted_suggestion',
                                              'rejected_suggestion')),
    -- The suggestion that an accept or reject decided.
    suggestion_id  INTEGER REFERENCES suggestion (id),
    actor          TEXT NOT NULL,
    reason         TEXT,
    created_at     TEXT NOT NULL,
    CHECK ((old_state IS NULL) = (old_source IS NULL)),
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
    state       TEXT NOT NULL CHECK (state IN ('positive', 'negative')),
    PRIMARY KEY (image_id, category_id)
) WITHOUT ROWID;
