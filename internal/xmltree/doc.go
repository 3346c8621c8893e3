// Package xmltree reads an XML document into a tree of elements that
// remember where they were written, so that readers of XML formats
// (GENIUS's scenarios, KTAB's) report every problem at its line and
// column. Parse applies the limits of internal/infile (elements per
// file) and a bound on nesting, and reads UTF-8 or ISO-8859-1.
package xmltree
