// Command entente models, analyses and converts multi-party, multi-issue
// negotiations.
//
// Usage:
//
//	entente <command> [arguments]
//
// Run "entente help" for the list of commands and "entente help <command>"
// (or "entente <command> --help") for one command, with an example.
//
// Exit codes: 0 ok, 1 failed (bad input, failed checks), 2 usage error,
// 130 interrupted by SIGINT (Ctrl-C) and 143 by SIGTERM, with no output
// written.
package main
