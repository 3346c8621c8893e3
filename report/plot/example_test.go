package plot_test

import (
	"fmt"
	"io"
	"log"

	"github.com/entente/entente/report/plot"
)

func ExampleRender() {
	f := &plot.Figure{
		Title:       "Job offer",
		Parties:     []string{"Candidate", "Employer"},
		Reservation: []float64{0.4, 0.3},
		Frontier:    [][]float64{{0.2, 1}, {0.55, 0.85}, {0.8, 0.6}, {1, 0.25}},
		Marks:       []plot.Mark{{Name: "Nash", Utilities: []float64{0.55, 0.85}}},
		Panels: []plot.Panel{{
			X: 0, Y: 1,
			Cloud:     [][2]float64{{0.1, 0.5}, {0.3, 0.2}, {0.9, 0.1}},
			ZoneCloud: [][2]float64{{0.5, 0.5}, {0.7, 0.4}},
		}},
	}
	format, err := plot.FormatOf("offer.svg")
	if err != nil {
		log.Fatal(err)
	}
	if err := plot.Render(io.Discard, f, format); err != nil {
		log.Fatal(err)
	}
	fmt.Println("rendered", f.Title, "as", format)
	// Output: rendered Job offer as svg
}
