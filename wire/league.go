package wire

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/entente/entente/tournament"
)

// LeagueVersion is the version of LeagueDoc.
const LeagueVersion = 2

// LeagueDoc is a tournament's league tables (tournament.League) as
// tournament report --json writes them (docs/tournament.md). Its fields
// are in the alphabetical order of their names, version last, as the
// document has always been written.
type LeagueDoc struct {
	Errors       int    `json:"errors"`
	Hash         string `json:"hash"`
	Missing      int    `json:"missing"`
	Negotiations int    `json:"negotiations"`
	Plan         string `json:"plan"`
	// Rank is the order of the standings: utility or ratified.
	Rank string `json:"rank"`
	// Tables holds one table per protocol setting.
	Tables []LeagueTable `json:"tables"`
	Total  int           `json:"total"`
	// Units names what the intervals are over: matches.
	Units   string `json:"units"`
	Version int    `json:"version"`
}

// LeagueTable is the league table of one protocol setting.
type LeagueTable struct {
	// ByScenario is each negotiator's mean utility in each scenario it
	// played: negotiator -> scenario -> estimate.
	ByScenario   map[string]map[string]Estimate `json:"by_scenario"`
	Negotiations int                            `json:"negotiations"`
	Protocol     string                         `json:"protocol"`
	// Standings are sorted by the document's rank, best first.
	Standings []Standing `json:"standings"`
}

// Standing is one negotiator's row of a league table.
type Standing struct {
	Agreements Estimate `json:"agreements"`
	// Matches counts the matches (one scenario, one assignment of
	// negotiators to parties) the intervals are over; Played the
	// negotiations.
	Matches    int      `json:"matches"`
	Nash       Estimate `json:"nash_distance"`
	Negotiator string   `json:"negotiator"`
	Pareto     Estimate `json:"pareto_distance"`
	Played     int      `json:"played"`
	Ratified   Estimate `json:"ratified"`
	Welfare    Estimate `json:"social_welfare"`
	Utility    Estimate `json:"utility"`
}

// Estimate is a mean with its 95% interval (tournament.Estimate): Mean,
// Low and High are null when there is no value; N counts the matches;
// Interval is t, wilson or empty (one match: no interval).
type Estimate struct {
	High     *float64 `json:"high"`
	Interval string   `json:"interval"`
	Low      *float64 `json:"low"`
	Mean     *float64 `json:"mean"`
	N        int      `json:"n"`
}

// League returns the document of the league l of the plan m.
func League(m tournament.Meta, l *tournament.League) *LeagueDoc {
	est := func(e tournament.Estimate) Estimate {
		return Estimate{High: finite(e.High), Interval: e.Method, Low: finite(e.Low), Mean: finite(e.Mean), N: e.N}
	}
	d := &LeagueDoc{Errors: l.Errors, Hash: m.Hash, Missing: l.Missing, Negotiations: l.Negotiations, Plan: m.Name,
		Rank: "utility", Total: m.Total, Units: "matches", Version: LeagueVersion}
	if l.Rank == tournament.ByRatified {
		d.Rank = "ratified"
	}
	for _, t := range l.Tables {
		lt := LeagueTable{ByScenario: map[string]map[string]Estimate{}, Negotiations: t.Negotiations, Protocol: t.Protocol}
		for _, s := range t.Standings {
			lt.Standings = append(lt.Standings, Standing{Agreements: est(s.Agreements), Matches: s.Units, Nash: est(s.Nash),
				Negotiator: s.Negotiator, Pareto: est(s.Pareto), Played: s.Played, Ratified: est(s.Ratified),
				Welfare: est(s.Welfare), Utility: est(s.Utility)})
		}
		for n, name := range t.Negotiators {
			lt.ByScenario[name] = map[string]Estimate{}
			for s, sc := range t.Scenarios {
				if t.Cells[n][s].N > 0 {
					lt.ByScenario[name][sc] = est(t.Cells[n][s])
				}
			}
		}
		d.Tables = append(d.Tables, lt)
	}
	return d
}

// WriteRecords writes tournament results as tournament export --json
// does: JSON Lines, one tournament.Record per line, in the order given.
func WriteRecords(w io.Writer, rs []tournament.Record) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for i := range rs {
		if err := enc.Encode(rs[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}
