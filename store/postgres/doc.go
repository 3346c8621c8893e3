// Package postgres keeps tournament results in a PostgreSQL database
// through pgx, so that many shards of a tournament, on many machines, can
// write to one database. A database may hold the results of several plans,
// each identified by its hash.
package postgres
