// Package space describes outcome spaces: their size, the order in which
// outcomes are enumerated, and uniform sampling.
//
// Outcomes are ordered as the Cartesian product of the issues' values,
// issues in scenario order, values in their stated order (integers
// ascending), last issue varying fastest. Index 0 is the first outcome.
package space
