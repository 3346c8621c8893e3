-- Scenarios, negotiations and their move logs (entente serve).
CREATE TABLE scenarios (
	id      TEXT PRIMARY KEY,
	name    TEXT NOT NULL,
	format  TEXT NOT NULL,
	created TEXT NOT NULL,
	files   TEXT NOT NULL
);
CREATE TABLE negotiations (
	id      TEXT PRIMARY KEY,
	spec    TEXT NOT NULL,
	created TEXT NOT NULL,
	started TEXT NOT NULL DEFAULT '',
	status  TEXT NOT NULL,
	ended   TEXT NOT NULL DEFAULT '',
	tokens  TEXT NOT NULL
);
CREATE INDEX negotiations_status ON negotiations (status);
CREATE TABLE moves (
	negotiation TEXT NOT NULL REFERENCES negotiations (id) ON DELETE CASCADE,
	seq         BIGINT NOT NULL,
	move        TEXT NOT NULL,
	PRIMARY KEY (negotiation, seq)
);
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
