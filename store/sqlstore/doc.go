// Package sqlstore keeps tournament results in a SQL database through
// database/sql. The schema and statements are written once, in the SQL that
// SQLite and PostgreSQL share; packages store/sqlite and store/postgres open
// the databases.
//
// Each plan has a row in table plans (its hash, name and number of
// negotiations) and each result a row in table results keyed by the plan's
// hash and the negotiation's index. Every Put is one transaction, and a row
// is inserted only if absent, so a crash never leaves half a batch and a
// rerun never duplicates a result.
package sqlstore
