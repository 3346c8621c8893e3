-- Background jobs (analyses, robustness runs, forecasts, tournaments),
-- claimed by one server at a time under a lease (times in Unix
-- nanoseconds).
CREATE TABLE jobs (
	id       TEXT PRIMARY KEY,
	kind     TEXT NOT NULL,
	params   TEXT NOT NULL,
	status   TEXT NOT NULL,
	progress DOUBLE PRECISION NOT NULL DEFAULT 0,
	result   TEXT NOT NULL DEFAULT '',
	error    TEXT NOT NULL DEFAULT '',
	owner    TEXT NOT NULL DEFAULT '',
	lease    BIGINT NOT NULL DEFAULT 0,
	attempts BIGINT NOT NULL DEFAULT 0,
	created  BIGINT NOT NULL,
	updated  BIGINT NOT NULL
);
CREATE INDEX jobs_status ON jobs (status, created);
