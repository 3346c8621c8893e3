package wire

import (
	"context"
	"io"
	"runtime"
	"testing"

	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/synth"
)

// streamDoc analyses an all-Pareto scenario of 10^issues packages, every
// one on the frontier, keeping the frontier compact (as analyze --json
// does).
func streamDoc(tb testing.TB, issues int) *AnalysisDoc {
	tb.Helper()
	s := synth.AllPareto(issues, 10)
	r, err := analysis.Analyze(context.Background(), s, analysis.Options{ParetoPoints: -1})
	if err != nil {
		tb.Fatal(err)
	}
	if r.Frontier.Len() != pow10(issues) {
		tb.Fatalf("%d frontier points, want %d", r.Frontier.Len(), pow10(issues))
	}
	return Analysis(s, r, AnalysisOptions{})
}

func pow10(n int) int {
	x := 1
	for range n {
		x *= 10
	}
	return x
}

// allocated returns the bytes allocated while writing a document with
// write (its WriteJSON or WriteCSV).
func allocated(t *testing.T, write func(context.Context, io.Writer) error) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := write(context.Background(), io.Discard); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestStreamMemoryBounded: writing a frontier ten times as long allocates
// about as much (about 21 MB for 10^5 and for 10^6 points, while the
// output grows from 20 to 200 MB), since the chunks' buffers are reused.
func TestStreamMemoryBounded(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("analyses 10^6 packages, and measures allocation (which the race detector changes)")
	}
	small, large := allocated(t, streamDoc(t, 5).WriteJSON), allocated(t, streamDoc(t, 6).WriteJSON)
	t.Logf("allocated %d bytes for 10^5 frontier points, %d for 10^6", small, large)
	if large > 2*small {
		t.Errorf("writing 10^6 frontier points allocated %d bytes, 10^5 %d: the output is not streamed", large, small)
	}
}

// BenchmarkWriteJSON1e5 writes the JSON of an analysis whose frontier holds
// 10^5 packages.
func BenchmarkWriteJSON1e5(b *testing.B) {
	d := streamDoc(b, 5)
	b.ReportAllocs()
	for b.Loop() {
		if err := d.WriteJSON(context.Background(), io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
