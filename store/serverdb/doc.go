// Package serverdb keeps the server's state (package live's Store) in
// SQLite (one server, the default) or PostgreSQL (one or several servers).
//
// The schema is created and upgraded by versioned migrations, embedded
// .sql files applied in order (migrations/NNN_name.sql); table
// schema_migrations records those applied. The SQL is the dialect SQLite
// and PostgreSQL share.
//
// Every write is one transaction, committed before the call returns. A
// negotiation's moves are keyed by (negotiation, seq), so two servers that
// append the same move find out (EConflict). On PostgreSQL each append
// notifies the other servers (NOTIFY entente_moves, delivered on commit),
// and Listen receives the notifications on a connection of its own.
package serverdb
