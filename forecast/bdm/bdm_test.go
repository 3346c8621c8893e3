package bdm

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/shared"
)

func loadEU(t testing.TB) (*forecast.Model, string) {
	t.Helper()
	dir := filepath.Join(shared.Dir(t), "reference", "spatial-data", "bdm-eu-emissions")
	path := filepath.Join(dir, "actors.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := forecast.ReadCSV(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return m, dir
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEUEmissions reproduces the Scholz-code replication on the EU car
// emissions example round by round: every actor's position and risk
// exponent (bdm-rounds.csv, 1e-6) and the median and mean per round
// (expected.csv, printed with 4 decimals).
func TestEUEmissions(t *testing.T) {
	m, dir := loadEU(t)
	res, err := Run(m, 0, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rounds) != 11 {
		t.Fatalf("%d rounds, want rounds 0..10", len(res.Rounds))
	}
	n := 0
	for _, rec := range shared.ReadCSV(t, filepath.Join(dir, "bdm-rounds.csv")) {
		rd := int(num(t, rec[0]))
		a := m.ActorIndex(rec[1])
		if a < 0 || rd >= len(res.Rounds) {
			t.Fatalf("row %v: unknown actor or round", rec)
		}
		got := res.Rounds[rd]
		if want := num(t, rec[2]); math.Abs(got.Positions[a]-want) > 1e-6 {
			t.Errorf("round %d %s: position %.6f, want %.6f", rd, rec[1], got.Positions[a], want)
		}
		if rec[3] != "" {
			if want := num(t, rec[3]); math.Abs(got.Risk[a]-want) > 1e-6 {
				t.Errorf("round %d %s: risk exponent %.6f, want %.6f", rd, rec[1], got.Risk[a], want)
			}
		}
		n++
	}
	if n != 110 {
		t.Errorf("checked %d positions, want 110", n)
	}
	n = 0
	for _, rec := range shared.ReadCSV(t, filepath.Join(dir, "expected.csv")) {
		var got float64
		rd, err := strconv.Atoi(rec[3])
		if err != nil {
			continue
		}
		switch rec[1] {
		case "bdm_scholz_replication_median":
			got = res.Rounds[rd].Median
		case "bdm_scholz_replication_mean":
			got = res.Rounds[rd].Mean
		default:
			continue
		}
		if want := num(t, rec[2]); math.Abs(got-want) > 5e-5 {
			t.Errorf("round %d %s: %.6f, want %.4f", rd, rec[1], got, want)
		}
		n++
	}
	if n != 22 {
		t.Errorf("checked %d medians and means, want 22", n)
	}
	// The published behaviour cycles: the median rises, falls back, rises
	// again. The result must say so.
	if res.Converged || res.Reversals < 2 {
		t.Errorf("Converged %v, Reversals %d: want a non-converged run with the median reversing at least twice", res.Converged, res.Reversals)
	}
	if res.Forecast != res.Rounds[10].Median {
		t.Errorf("Forecast %v, want the last median %v", res.Forecast, res.Rounds[10].Median)
	}
}

// TestEUOffersLog checks the accepted offers of each round against
// bdm-offers-log.txt: receiver, kind, proposer, the two expected utilities
// and the new position (1e-9).
func TestEUOffersLog(t *testing.T) {
	m, dir := loadEU(t)
	res, err := Run(m, 0, DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "bdm-offers-log.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var offers []Offer
	for _, rd := range res.Rounds[1:] {
		got = append(got, "ROUND "+strconv.Itoa(rd.Round))
		for _, o := range rd.Offers {
			got = append(got, describe(m, o))
			offers = append(offers, o)
		}
	}
	var want []string
	var eus [][3]float64 // EU_ij, EU_ji, new position per offer
	for _, line := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "\tnew_pos = "):
			eus[len(eus)-1][2] = num(t, strings.TrimPrefix(line, "\tnew_pos = "))
			continue
		case strings.HasPrefix(line, "\t"):
			a, b, ok := strings.Cut(strings.TrimSpace(line), " vs ")
			if !ok {
				t.Fatalf("unexpected log line %q", line)
			}
			eus = append(eus, [3]float64{num(t, a), num(t, b)})
			continue
		case len(line) == 0 || line[0] == '#':
			continue
		}
		want = append(want, line)
	}
	if len(eus) != len(offers) {
		t.Fatalf("%d offers, log has %d", len(offers), len(eus))
	}
	for i, o := range offers {
		e := eus[i]
		if math.Abs(o.EUReceiver-e[0]) > 1e-9 || math.Abs(o.EUProposer-e[1]) > 1e-9 || math.Abs(o.Position-e[2]) > 1e-9 {
			t.Errorf("offer %d (%s): EU %v vs %v -> %v, log says %v vs %v -> %v", i, describe(m, o), o.EUReceiver, o.EUProposer, o.Position, e[0], e[1], e[2])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d log lines, want %d:\n%v\n%v", len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("line %d: %q, want %q", i, got[i], want[i])
		}
	}
}

func describe(m *forecast.Model, o Offer) string {
	r, p := m.Actors[o.Receiver].Name, m.Actors[o.Proposer].Name
	switch o.Kind {
	case Confrontation:
		return r + " loses confrontation to " + p
	case Compromise:
		return r + " compromises with " + p
	}
	return r + " capitulates to " + p
}
