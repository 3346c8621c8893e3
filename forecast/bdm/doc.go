// Package bdm is Bueno de Mesquita's expected-utility model of group
// decisions as specified by Scholz, Calbert & Smith, "Unravelling Bueno De
// Mesquita's group decision model", Journal of Theoretical Politics
// 23(4):510-531, 2011 (the model of B. Bueno de Mesquita, "Political
// forecasting: an expected utility method", in Bueno de Mesquita & Stokman
// (eds), European Community Decision Making, Yale UP, 1994).
//
// The model runs per issue, round by round. In each round every actor
// works out its risk exponent from how much the others would gain by
// challenging it, then every actor weighs, against every other actor, its
// expected utility of challenging and of being challenged; from the two
// follow offers (confrontation, compromise, capitulation), each actor
// accepts one, and all move at once. The forecast is the median (the
// Condorcet winner under capability x salience votes) after the last round.
// The process need not converge: on the EU emissions example it cycles,
// which Result reports (Reversals, CycleStart) rather than hides.
//
// The defaults reproduce the replication of Scholz's code by
// jmckib/bdm-scholz-expected-utility-model, whose rounds match the paper's
// (the probability denominator over all pairs, the compromise choice by
// the lowest compromise point, no capitulations); the options switch to
// the paper's stated forms. The formulas are in docs/forecast.md.
package bdm
