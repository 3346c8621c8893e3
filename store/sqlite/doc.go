// Package sqlite opens a tournament results file: an SQLite database
// through the pure-Go driver modernc.org/sqlite, so entente stays one static
// binary.
//
// The file uses write-ahead logging with synchronous=NORMAL: a committed
// result survives the process being killed at any moment (only a power
// failure may lose the last commits), and a reader never sees half a
// transaction.
package sqlite
