-- The what-if workspace's saved variants of a scenario (entente serve's
-- pages): a variant's document (wire.VariantDoc) by scenario and name.
CREATE TABLE variants (
	id       TEXT PRIMARY KEY,
	scenario TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
	name     TEXT NOT NULL,
	doc      TEXT NOT NULL,
	created  TEXT NOT NULL
);
CREATE UNIQUE INDEX variants_name ON variants (scenario, name);
