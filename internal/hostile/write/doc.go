// Command write writes the hostile corpus of package hostile into a folder
// and prints each case's entente command line, for probing by hand:
//
//	go run ./internal/hostile/write DIR
package main
