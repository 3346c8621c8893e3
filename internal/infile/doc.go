// Package infile opens the files entente reads from the command line and
// from inside other files, with limits: only regular files (a named pipe
// would block, a device never ends, a folder is not a file), at most a
// given size (checked before a byte is read, and again while reading, in
// case the file grows), and, for paths named inside a file, only within
// the folders the user allows. Every reader of entente goes through it,
// so these checks live in one place.
package infile
