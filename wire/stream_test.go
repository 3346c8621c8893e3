package wire

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/synth"
	"github.com/entente/entente/load"
)

// TestAppendJSONFloat compares the streamed float format with
// encoding/json's on edge cases and random values.
func TestAppendJSONFloat(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99999e-7, 1e-7, 1e20, 1e21, 1.5e21, 123456789.123,
		1.0 / 3, 5e-324, math.MaxFloat64, -2.5e-10, 0.30000000000000004, 1e-9, 1e-10, 2e100}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20000; i++ {
		switch i % 3 {
		case 0:
			xs = append(xs, math.Float64frombits(rng.Uint64()))
		case 1:
			xs = append(xs, rng.Float64())
		default:
			xs = append(xs, float64(rng.IntN(1000))/float64(rng.IntN(999)+1)*math.Pow(10, float64(rng.IntN(50)-25)))
		}
	}
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		want, err := json.Marshal(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONFloat(nil, x); !bytes.Equal(got, want) {
			t.Fatalf("%v: got %s, want %s", x, got, want)
		}
	}
}

// streamScenarios are scenarios whose frontier has many points, names to
// escape, and numeric issues.
func streamScenarios(t *testing.T) []*entente.Scenario {
	t.Helper()
	var out []*entente.Scenario
	for _, name := range []string{"laptop", "ukraine-2025"} {
		res, err := load.Paths(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res.Scenario)
	}
	s := synth.AllPareto(3, 9)
	s.Issues[0].Name = `<price & "terms">`
	s.Issues[1].Name = "échéance"
	s.Issues[2].Options[3] = "a\u2028b<c>"
	out = append(out, s)
	num := synth.Random(3, 3, 6, 5)
	num.Issues = append(num.Issues,
		entente.Issue{Name: "count", Kind: entente.Integer, Min: -3, Max: 40},
		entente.Issue{Name: "rate", Kind: entente.Real, Min: 1e-7, Max: 2.5e21})
	for p := range num.Parties {
		pr := &num.Parties[p].Preferences
		for i := range pr.Weights {
			pr.Weights[i] *= 0.5 // with the two below, they sum to 1
		}
		pr.Weights = append(pr.Weights, 0.2, 0.3)
		pr.Values = append(pr.Values, entente.Linear{Slope: 0.02 * float64(p%2*2-1), Offset: 0.5, Origin: -3, Clamp: true},
			entente.Piecewise{X: []float64{1e-7, 2.5e21}, Y: []float64{float64(p % 2), float64(1 - p%2)}})
	}
	if errs := num.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	return append(out, num)
}

// csvRow is a CSV row as docs/analyze.md describes it: kind, ties, the
// utilities in their shortest form, the package's values as written.
func csvRow(s *entente.Scenario, kind string, u []float64, o entente.Outcome) []string {
	row := []string{kind, ""}
	for _, x := range u {
		row = append(row, strconv.FormatFloat(x, 'g', -1, 64))
	}
	for i := range s.Issues {
		row = append(row, s.Issues[i].Format(o[i]))
	}
	return row
}

// TestStreamedFrontier checks that WriteJSON and WriteCSV, which stream
// the frontier from Result.Frontier on all cores, write exactly what
// encoding/json and encoding/csv write for the materialised points.
func TestStreamedFrontier(t *testing.T) {
	ctx := context.Background()
	for _, s := range streamScenarios(t) {
		for _, zone := range []bool{false, true} {
			all, err := analysis.Analyze(ctx, s, analysis.Options{Resolution: 5})
			if err != nil {
				t.Fatal(err)
			}
			streamed, err := analysis.Analyze(ctx, s, analysis.Options{Resolution: 5, ParetoPoints: -1})
			if err != nil {
				t.Fatal(err)
			}
			if len(streamed.Pareto) != 0 || streamed.Frontier.Len() != len(all.Pareto) || len(all.Pareto) < 2 {
				t.Fatalf("%s: %d and %d points materialised, %d in the frontier", s.Name, len(all.Pareto), len(streamed.Pareto), streamed.Frontier.Len())
			}
			// What encoding/json writes with every point held as an object.
			ref := Analysis(s, all, AnalysisOptions{})
			for _, p := range all.Pareto {
				ref.Pareto = append(ref.Pareto, Point{Package: s.Values(p.Outcome), Utilities: p.Utilities})
			}
			want, err := json.MarshalIndent(ref, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, '\n')
			d := Analysis(s, streamed, AnalysisOptions{Zone: zone})
			var zoneRows [][]string
			if zone {
				_ = streamed.EachInZone(ctx, func(p analysis.Point) error {
					zoneRows = append(zoneRows, csvRow(s, "zone", p.Utilities, p.Outcome))
					return nil
				})
			}
			var got bytes.Buffer
			if err := d.WriteJSON(ctx, &got); err != nil {
				t.Fatal(err)
			}
			g := got.Bytes()
			if zone {
				// Compare the object up to the streamed zone listing.
				cut := bytes.Index(g, []byte(",\n  \"zone_packages\": ["))
				if cut < 0 {
					t.Fatalf("%s: no zone listing", s.Name)
				}
				var v map[string]any
				if err := json.Unmarshal(g, &v); err != nil {
					t.Fatalf("%s: the output with the zone is not JSON: %v", s.Name, err)
				}
				if n := len(v["zone_packages"].([]any)); uint64(n) != streamed.Zone {
					t.Fatalf("%s: %d zone packages listed, the zone holds %d", s.Name, n, streamed.Zone)
				}
				g = append(g[:cut:cut], "\n}\n"...)
			}
			if !bytes.Equal(g, want) {
				i := 0
				for i < len(g) && i < len(want) && g[i] == want[i] {
					i++
				}
				t.Fatalf("%s: streamed JSON differs at byte %d: %q, want %q", s.Name, i, snippet(g, i), snippet(want, i))
			}
			if s.Name == "synthetic" && !bytes.Contains(g, []byte("e+21")) {
				t.Fatalf("%s: no number in exponent form was streamed", s.Name)
			}
			// CSV: the pareto rows are those of a csv.Writer.
			var wantCSV bytes.Buffer
			cw := csv.NewWriter(&wantCSV)
			for _, p := range all.Pareto {
				_ = cw.Write(csvRow(s, "pareto", p.Utilities, p.Outcome))
			}
			for _, r := range zoneRows {
				_ = cw.Write(r)
			}
			cw.Flush()
			var gotCSV bytes.Buffer
			if err := d.WriteCSV(ctx, &gotCSV); err != nil {
				t.Fatal(err)
			}
			var rows []string
			for _, line := range strings.SplitAfter(gotCSV.String(), "\n") {
				if strings.HasPrefix(line, "pareto,") || strings.HasPrefix(line, "zone,") {
					rows = append(rows, line)
				}
			}
			if strings.Join(rows, "") != wantCSV.String() {
				t.Fatalf("%s: streamed CSV rows differ", s.Name)
			}
		}
	}
}

func snippet(b []byte, i int) string {
	lo, hi := max(0, i-40), min(len(b), i+40)
	return string(b[lo:hi])
}
