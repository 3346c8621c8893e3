// Package apitest holds tests of the exported API as a whole, outside
// package protocol and negotiator (tested in their own packages): that no
// entry point panics when its optional arguments are zero or missing.
package apitest
