// Package atomicfile writes output files and folders so that no reader, no
// crash and no kill ever sees half of one, and so that writing an output
// never changes what it replaces beyond its content.
//
// A file is written to a temporary file in the same folder, synced to disk
// and renamed over the target, which is atomic on POSIX file systems. The
// new file keeps the permissions (and, where allowed, the owner) of the
// file it replaces; a new file gets the permissions the umask allows
// (0666 less the umask), as any program's output would. A symbolic link is
// written through: the file it points to is replaced and the link stays.
// A target that is not a regular file (a device such as /dev/full, a pipe,
// a socket, a folder) is refused with ErrNotRegular rather than replaced.
//
// A folder of several files (a scenario converted into one file per party,
// a report's charts) is written completely into a fresh temporary folder
// beside the target and renamed into place, so the target holds either the
// whole old set or the whole new one. A target folder that already holds
// files is refused with ErrNotEmpty unless the caller asks to replace it.
package atomicfile
