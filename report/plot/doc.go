// Package plot draws a negotiation's utility space: the outcomes projected
// onto pairs of parties' utilities, the agreement zone, the reservation
// values, the Pareto frontier and bargaining solutions such as the Nash
// point. It backs `entente analyze --plot FILE.svg|.png`.
//
// Drawing uses gonum.org/v1/plot with its vg backends (vgsvg for SVG, vgimg
// for PNG) and the embedded Liberation Sans font, so the output does not
// depend on the fonts installed and the same Figure always gives the same
// bytes.
package plot
