CREATE TABLE IF NOT EXISTS plans (
	hash  TEXT PRIMARY KEY,
	name  TEXT NOT NULL,
	total BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
	plan           TEXT NOT NULL REFERENCES plans (hash),
	idx            BIGINT NOT NULL,
	scenario       TEXT NOT NULL,
	protocol       TEXT NOT NULL,
	parties        TEXT NOT NULL,
	roles          TEXT NOT NULL,
	repetition     BIGINT NOT NULL,
	seed           BIGINT NOT NULL,
	status         TEXT NOT NULL,
	agreement      INTEGER NOT NULL,
	package        TEXT NOT NULL,
	utilities      TEXT NOT NULL,
	discounted     TEXT NOT NULL,
	rounds         BIGINT NOT NULL,
	time           DOUBLE PRECISION NOT NULL,
	offers         BIGINT NOT NULL,
	faults         BIGINT NOT NULL,
	pareto         DOUBLE PRECISION,
	nash           DOUBLE PRECISION,
	welfare        DOUBLE PRECISION,
	genius_pareto  DOUBLE PRECISION,
	genius_nash    DOUBLE PRECISION,
	genius_welfare DOUBLE PRECISION,
	reason         TEXT NOT NULL,
	by_party       TEXT NOT NULL,
	elapsed_ns     BIGINT NOT NULL,
	PRIMARY KEY (plan, idx)
);
