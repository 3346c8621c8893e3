// Package textpos turns byte offsets in a file into the 1-based line and
// column that error messages show. Columns count characters (UTF-8
// sequences), not bytes, and a leading byte order mark is not counted.
package textpos
