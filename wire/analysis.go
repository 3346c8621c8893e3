package wire

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/internal/csvcell"
	"github.com/entente/entente/ratify"
)

// AnalysisVersion is the version of AnalysisDoc.
const AnalysisVersion = 1

// AnalysisDoc is the exact analysis of a negotiation (analysis.Result),
// as analyze --json writes it; docs/analyze.md documents every field.
// Utilities, reservation values and ideals are listed in the order of
// Parties.
type AnalysisDoc struct {
	Version        int             `json:"version"`
	Scenario       string          `json:"scenario"`
	Parties        []string        `json:"parties"`
	Outcomes       uint64          `json:"outcomes"`
	Discretization *Discretization `json:"discretization"`
	Reservation    []float64       `json:"reservation"`
	Best           []Point         `json:"best"`
	Worst          []Point         `json:"worst"`
	AgreementZone  uint64          `json:"agreement_zone"`
	Ideal          []float64       `json:"ideal"`
	// Pareto is left empty by Analysis: WriteJSON streams the frontier
	// into it from the result, one package per distinct utility vector.
	Pareto           []Point       `json:"pareto"`
	ParetoOutcomes   uint64        `json:"pareto_outcomes"`
	ParetoInZone     uint64        `json:"pareto_in_zone"`
	Nash             *Solution     `json:"nash"`
	KalaiSmorodinsky *Solution     `json:"kalai_smorodinsky"`
	Egalitarian      *Solution     `json:"egalitarian"`
	Utilitarian      *Solution     `json:"utilitarian"`
	Politics         bool          `json:"politics"`
	Ratification     *Ratification `json:"ratification"`
	Explanation      *Explanation  `json:"explanation,omitempty"`
	// Packages evaluates AnalysisOptions.Packages.
	Packages []Query `json:"packages,omitempty"`
	// ZonePackages is left empty by Analysis: with AnalysisOptions.Zone,
	// WriteJSON streams the agreement zone's packages into it.
	ZonePackages []Point `json:"zone_packages,omitempty"`

	s       *entente.Scenario
	r       *analysis.Result
	queries []entente.Outcome
	zone    bool
}

// AnalysisOptions says what an analysis document holds beyond the
// analysis itself.
type AnalysisOptions struct {
	// Packages are packages to evaluate (analyze --package), each settling
	// every issue of the scenario.
	Packages []entente.Outcome
	// Zone lists every package of the agreement zone (analyze --zone).
	Zone bool
	// Explanation, when set, is written under "explanation" (analyze
	// --explain; see explain.Explain).
	Explanation *explain.Explanation
}

// Point is a package and every analysed party's utility of it.
type Point struct {
	Package   map[string]any `json:"package"`
	Utilities []float64      `json:"utilities"`
	// Ratified says, for zone packages of a scenario with constituencies,
	// whether every constituency lets the package pass.
	Ratified *bool `json:"ratified,omitempty"`
}

// Solution is a bargaining solution: its package, utilities, the value
// it maximises and the number of packages tied at that value.
type Solution struct {
	Package   map[string]any `json:"package"`
	Utilities []float64      `json:"utilities"`
	Value     float64        `json:"value"`
	Ties      uint64         `json:"ties"`
	// Degenerate names the parties left out of the Kalai–Smorodinsky
	// minimum (ideal within 1e-12 of the reservation value).
	Degenerate []string `json:"degenerate_parties,omitempty"`
}

// Query is the evaluation of one package given with --package.
type Query struct {
	Package        map[string]any `json:"package"`
	Utilities      []float64      `json:"utilities"`
	InZone         bool           `json:"in_zone"`
	Ratifiable     *bool          `json:"ratifiable,omitempty"`
	ParetoDistance float64        `json:"pareto_distance"`
	NashDistance   *float64       `json:"nash_distance"`
	// Votes is each constituency's vote on the package; RedLines the red
	// lines it crosses (entente.Breach.String).
	Votes    []Vote   `json:"votes,omitempty"`
	RedLines []string `json:"red_lines,omitempty"`
}

// Vote is one constituency's vote on a package.
type Vote struct {
	Constituency string `json:"constituency"`
	// Asked is false when the package lies outside the constituency's
	// region; Approval, Margin and RedLine are then absent.
	Asked     bool     `json:"asked"`
	Approval  *float64 `json:"approval,omitempty"`
	Threshold float64  `json:"threshold"`
	Margin    *float64 `json:"margin,omitempty"`
	RedLine   string   `json:"red_line,omitempty"`
	Ratifies  bool     `json:"ratifies"`
}

// Discretization names the real issues and the grid they were read on.
type Discretization struct {
	Resolution int      `json:"resolution"`
	Issues     []string `json:"issues"`
}

// Ratification is the second level: the ratifiable zone, its win-sets and
// bargaining solutions.
type Ratification struct {
	RatifiableZone   uint64    `json:"ratifiable_zone"`
	Ideal            []float64 `json:"ideal"`
	Constituencies   []WinSet  `json:"constituencies"`
	Nash             *Solution `json:"nash"`
	KalaiSmorodinsky *Solution `json:"kalai_smorodinsky"`
	Egalitarian      *Solution `json:"egalitarian"`
	Utilitarian      *Solution `json:"utilitarian"`
}

// WinSet is one constituency's win-set.
type WinSet struct {
	Name         string `json:"name"`
	Party        string `json:"party"`
	WinSet       uint64 `json:"win_set"`
	WinSetInZone uint64 `json:"win_set_in_zone"`
	Blocks       uint64 `json:"blocks"`
}

// Analysis returns the document of the analysis r of s. The frontier and
// the zone's packages are not copied into it: WriteJSON streams them from
// r, which must stay unchanged until then.
func Analysis(s *entente.Scenario, r *analysis.Result, opt AnalysisOptions) *AnalysisDoc {
	names := make([]string, 0, len(r.Parties))
	for _, p := range r.Parties {
		names = append(names, s.Parties[p].Name)
	}
	solution := func(x *analysis.Solution, degenerate []int) *Solution {
		if x == nil {
			return nil
		}
		j := &Solution{Package: pkg(s, x.Outcome), Utilities: x.Utilities, Value: x.Value, Ties: x.Ties}
		for _, p := range degenerate {
			j.Degenerate = append(j.Degenerate, names[p])
		}
		return j
	}
	point := func(p analysis.Point) Point { return Point{Package: pkg(s, p.Outcome), Utilities: p.Utilities} }
	d := &AnalysisDoc{Version: AnalysisVersion, Scenario: s.Name, Parties: names, Outcomes: r.Outcomes,
		Reservation: r.Reservation, AgreementZone: r.Zone, Ideal: r.Ideal,
		ParetoOutcomes: r.ParetoOutcomes, ParetoInZone: r.ParetoInZone,
		Nash: solution(r.Nash, nil), KalaiSmorodinsky: solution(r.KalaiSmorodinsky, r.Degenerate),
		Egalitarian: solution(r.Egalitarian, nil), Utilitarian: solution(r.Utilitarian, nil),
		Pareto: []Point{}, Politics: r.Politics,
		s: s, r: r, queries: opt.Packages, zone: opt.Zone}
	if r.Resolution > 0 {
		x := &Discretization{Resolution: r.Resolution}
		for i := range s.Issues {
			if s.Issues[i].Kind == entente.Real {
				x.Issues = append(x.Issues, s.Issues[i].Name)
			}
		}
		d.Discretization = x
	}
	for p := range r.Best {
		d.Best = append(d.Best, point(r.Best[p]))
		d.Worst = append(d.Worst, point(r.Worst[p]))
	}
	d.Packages = queries(s, r, opt.Packages)
	if rt := r.Ratification; rt != nil {
		x := &Ratification{RatifiableZone: rt.Zone, Ideal: rt.Ideal, Constituencies: []WinSet{},
			Nash: solution(rt.Nash, nil), KalaiSmorodinsky: solution(rt.KalaiSmorodinsky, rt.Degenerate),
			Egalitarian: solution(rt.Egalitarian, nil), Utilitarian: solution(rt.Utilitarian, nil)}
		for _, w := range rt.WinSets {
			c := &s.Constituencies[w.Constituency]
			x.Constituencies = append(x.Constituencies, WinSet{Name: c.Name, Party: s.Parties[c.Party].Name, WinSet: w.Size, WinSetInZone: w.InZone, Blocks: w.Blocks})
		}
		d.Ratification = x
	}
	if opt.Explanation != nil {
		d.Explanation = explanation(s, opt.Explanation)
	}
	return d
}

// queries evaluates the packages given with --package.
func queries(s *entente.Scenario, r *analysis.Result, pkgs []entente.Outcome) []Query {
	var out []Query
	var set *ratify.Set
	if len(s.Constituencies) > 0 && len(pkgs) > 0 {
		set, _ = ratify.Compile(s) // the scenario was validated when read
	}
	for _, o := range pkgs {
		u := r.Utilities(o)
		fd, nd := r.Distance(u)
		q := Query{Package: pkg(s, o), Utilities: u, InZone: r.Accepted(o), ParetoDistance: fd}
		if r.Ratification != nil {
			ok := r.Ratifiable(o)
			q.Ratifiable = &ok
		}
		if r.Nash != nil {
			q.NashDistance = &nd
		}
		if set != nil {
			q.Votes = votes(s, set, o)
		}
		for _, b := range s.RedLinesCrossed(o, s.Required(o, make([]bool, len(s.Parties)))) {
			q.RedLines = append(q.RedLines, b.String())
		}
		out = append(out, q)
	}
	return out
}

// votes gives each constituency's vote on package o: its approval share,
// threshold and margin, or that it is not asked; nil without
// constituencies.
func votes(s *entente.Scenario, set *ratify.Set, o entente.Outcome) []Vote {
	var out []Vote
	for c := range s.Constituencies {
		co := &s.Constituencies[c]
		v := Vote{Constituency: co.Name, Threshold: co.Threshold, Asked: set.Applies(c, o), Ratifies: set.Ratifies(c, o)}
		if v.Asked {
			a, m := set.Approval(c, o), set.Margin(c, o)
			v.Approval, v.Margin = &a, &m
			if k := set.RedLine(c, o); k >= 0 {
				v.RedLine = co.RedLines[k].Name
			}
		}
		out = append(out, v)
	}
	return out
}

// WriteJSON writes the document as analyze --json does, streaming the
// frontier into "pareto" and, with AnalysisOptions.Zone, the agreement
// zone into "zone_packages" at its end. Memory stays within a few chunks
// of the frontier whatever its size. Cancelling ctx stops the output
// short (with ctx's error).
func (d *AnalysisDoc) WriteJSON(ctx context.Context, w io.Writer) error {
	c := *d
	c.ZonePackages = nil
	head, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if !d.zone {
		if err := d.spliceFrontier(ctx, bw, append(head, '\n')); err != nil {
			return err
		}
		return bw.Flush()
	}
	// Reopen the object and append the listing element by element.
	head = bytes.TrimRight(bytes.TrimSuffix(head, []byte("}")), "\n ")
	head = append(head, ",\n  \"zone_packages\": ["...)
	if err := d.spliceFrontier(ctx, bw, head); err != nil {
		return err
	}
	first := true
	err = d.r.EachInZone(ctx, func(p analysis.Point) error {
		jp := Point{Package: pkg(d.s, p.Outcome), Utilities: p.Utilities}
		if d.r.Ratification != nil {
			ok := d.r.Ratifiable(p.Outcome)
			jp.Ratified = &ok
		}
		b, err := json.MarshalIndent(jp, "    ", "  ")
		if err != nil {
			return err
		}
		if !first {
			bw.WriteString(",")
		}
		first = false
		_, err = fmt.Fprintf(bw, "\n    %s", b)
		return err
	})
	if err != nil {
		return err
	}
	if !first {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// WriteCSV writes the analysis as analyze --csv does (docs/analyze.md):
// a header row, then a row per bargaining solution, frontier vector,
// evaluated package and, with AnalysisOptions.Zone, zone package (and
// ratifiable package). Cells a spreadsheet would run as formulas get an
// apostrophe. The frontier is streamed as in WriteJSON.
func (d *AnalysisDoc) WriteCSV(ctx context.Context, w io.Writer) error {
	cw := csvcell.NewWriter(w)
	head := []string{"kind", "ties"}
	head = append(head, d.Parties...)
	for i := range d.s.Issues {
		head = append(head, d.s.Issues[i].Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := func(kind, ties string, u []float64, o entente.Outcome) {
		_ = cw.Write(csvRecord(d.s, kind, ties, u, o))
	}
	r := d.r
	for _, s := range []struct {
		name string
		sol  *analysis.Solution
	}{{"nash", r.Nash}, {"kalai_smorodinsky", r.KalaiSmorodinsky}, {"egalitarian", r.Egalitarian}, {"utilitarian", r.Utilitarian}} {
		if s.sol != nil {
			row(s.name, strconv.FormatUint(s.sol.Ties, 10), s.sol.Utilities, s.sol.Outcome)
		}
	}
	if rt := r.Ratification; rt != nil {
		for _, s := range []struct {
			name string
			sol  *analysis.Solution
		}{{"ratifiable_nash", rt.Nash}, {"ratifiable_kalai_smorodinsky", rt.KalaiSmorodinsky}, {"ratifiable_egalitarian", rt.Egalitarian}, {"ratifiable_utilitarian", rt.Utilitarian}} {
			if s.sol != nil {
				row(s.name, strconv.FormatUint(s.sol.Ties, 10), s.sol.Utilities, s.sol.Outcome)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := d.writeFrontierCSV(ctx, w); err != nil {
		return err
	}
	for i, q := range d.Packages {
		row("package", "", q.Utilities, d.queries[i])
	}
	var err error
	if d.zone {
		err = r.EachInZone(ctx, func(p analysis.Point) error {
			row("zone", "", p.Utilities, p.Outcome)
			return cw.Error()
		})
		if err == nil && r.Ratification != nil {
			err = r.EachRatifiable(ctx, func(p analysis.Point) error {
				row("ratifiable", "", p.Utilities, p.Outcome)
				return cw.Error()
			})
		}
	}
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}

// csvRecord is one CSV row: kind, ties, the utilities, the package.
func csvRecord(s *entente.Scenario, kind, ties string, u []float64, o entente.Outcome) []string {
	rec := make([]string, 0, 2+len(u)+len(o))
	rec = append(rec, kind, ties)
	for _, x := range u {
		rec = append(rec, strconv.FormatFloat(x, 'g', -1, 64))
	}
	for i := range s.Issues {
		rec = append(rec, s.Issues[i].Format(o[i]))
	}
	return rec
}
