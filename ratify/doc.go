// Package ratify decides whether a package survives the second level of a
// negotiation: the constituencies that must ratify it (a referendum, a
// legislature with a supermajority rule) and the blocs whose members decide
// for a party by a rule (unanimity, majority, qualified majority, leader).
//
// Compile turns a valid scenario into a Set of compiled utility functions;
// its methods evaluate one package at a time without allocating, so that
// analyses can call them over whole outcome spaces. A Set reflects the
// scenario as it was compiled: after Scenario.Set, compile again.
package ratify
