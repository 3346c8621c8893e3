package shared

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Reference is ../shared/reference/genius-reference.json: reference
// answers for the published scenarios under GENIUS semantics (see
// genius-reference.md beside it).
type Reference struct {
	Scenarios map[string]RefScenario `json:"scenarios"`
}

// RefScenario is one scenario's entry in the reference.
type RefScenario struct {
	Format       string      `json:"format"`
	DomainFile   string      `json:"domain_file"`
	ProfileFiles []string    `json:"profile_files"`
	Issues       []RefIssue  `json:"issues"`
	NOutcomes    uint64      `json:"n_outcomes"`
	NParties     int         `json:"n_parties"`
	Parties      []RefParty  `json:"parties"`
	Samples      []RefSample `json:"samples"`
	Zone         uint64      `json:"agreement_zone"`
	Pareto       RefPareto   `json:"pareto"`
	// The bargaining solutions, nil when the zone is empty.
	Nash             *RefSolution `json:"nash"`
	KalaiSmorodinsky *RefSolution `json:"kalai_smorodinsky"`
	Egalitarian      *RefSolution `json:"egalitarian"`
	Utilitarian      *RefSolution `json:"utilitarian"`
}

// RefIssue describes one issue of a reference scenario.
type RefIssue struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	NValues    int    `json:"n_values"`
	LowerBound *int   `json:"lowerbound"`
	UpperBound *int   `json:"upperbound"`
}

// RefParty holds one party's utility range and reservation value.
type RefParty struct {
	Profile     string  `json:"profile"`
	Min         float64 `json:"min_utility"`
	Max         float64 `json:"max_utility"`
	Mean        float64 `json:"mean_utility"`
	Reservation float64 `json:"reservation_value"`
}

// RefSample is one outcome with every party's utility.
type RefSample struct {
	Index     uint64         `json:"outcome_index"`
	Package   map[string]any `json:"package"`
	Utilities []float64      `json:"utilities"`
}

// RefPareto describes the Pareto frontier over all outcomes.
type RefPareto struct {
	NOutcomes uint64      `json:"n_outcomes"`
	NDistinct int         `json:"n_distinct_vectors"`
	SHA256    string      `json:"sha256"`
	InZone    uint64      `json:"frontier_in_zone_outcomes"`
	Vectors   [][]float64 `json:"vectors"`
	First50   [][]float64 `json:"first_50"`
	Truncated bool        `json:"vectors_truncated"`
}

// RefSolution is a bargaining solution over the agreement zone.
type RefSolution struct {
	Utilities    []float64      `json:"utilities"`
	Value        float64        `json:"value"`
	Package      map[string]any `json:"package"`
	Index        uint64         `json:"outcome_index"`
	Tied         uint64         `json:"n_tied"`
	TiedDistinct int            `json:"n_tied_distinct_vectors"`
	Ideal        []float64      `json:"ideal"`
}

// LoadReference reads genius-reference.json (skipping the test, or failing
// it under RequireEnv, when ../shared is absent).
func LoadReference(tb testing.TB) *Reference {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(tb), "reference", "genius-reference.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var ref Reference
	if err := json.Unmarshal(data, &ref); err != nil {
		tb.Fatal(err)
	}
	return &ref
}
