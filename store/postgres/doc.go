// Package postgres keeps tournament results in a PostgreSQL database
// through pgx, so that many shards of a tournament, on many machines, can
// write to one database. A database may hold the results of several plans,
// each identified by its hash.
//
// The password need not be in the URL (where it would show in process
// lists and logs): it can come from a file (Options.PasswordFile, for a
// mounted secret), from the standard PGPASSWORD environment variable, or
// from a password file in the format of ~/.pgpass (PGPASSFILE); the other
// standard PG* variables (PGHOST, PGUSER, PGDATABASE, PGSSLMODE, ...) fill
// in what the URL leaves out. Redact masks the password of a URL for
// messages, and no error from Open quotes it.
//
// Every call to the server is bounded (Options.Timeout): a server that
// stops answering (frozen, overloaded, cut off) fails the call with
// sqlstore.ErrStalled instead of blocking the tournament forever.
package postgres
