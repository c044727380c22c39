-- Project settings and the zero-shot scores of the frozen backbone.

-- One row per setting, such as which backbone model the project extracts features with. Keys are
-- dotted lower-case names ('backbone.model'); values are text that the engine parses.
CREATE TABLE project_setting (
    key   TEXT PRIMARY KEY CHECK (length(key) > 0),
    value TEXT NOT NULL
) WITHOUT ROWID;

-- The zero-shot similarity of an image and a category: the cosine of the image's global embedding
-- and the category's hand-crafted prompt embedding. The setting 'zero_shot.source' names the
-- backbone, preprocessing and prompts the scores came from; the engine replaces all rows when it
-- changes. No row means the image has no features yet.
CREATE TABLE zero_shot (
    image_id    INTEGER NOT NULL REFERENCES image (id),
    category_id INTEGER NOT NULL REFERENCES category (id),
    cosine      REAL NOT NULL CHECK (cosine BETWEEN -1.001 AND 1.001),
    PRIMARY KEY (image_id, category_id)
) WITHOUT ROWID;
