// Package sqlite opens a tournament results file: an SQLite database
// through the pure-Go driver modernc.org/sqlite, so entente stays one static
// binary.
//
// The file uses write-ahead logging with synchronous=NORMAL: a committed
// result survives the process being killed at any moment (only a power
// failure may lose the last commits), and a reader never sees half a
// transaction.
//
// A file that exists is checked before it is used (PRAGMA
// integrity_check): a damaged file, by a failing disk or a stray write, is
// refused with ErrDamaged rather than read as fewer results or written
// into. The run that writes a file holds a lock on it (OpenExclusive), so
// that a second run on the same file stops with ErrLocked instead of
// playing every negotiation again beside the first.
package sqlite
