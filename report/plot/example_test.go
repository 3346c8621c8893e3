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

func ExampleRenderRounds() {
	r := &plot.Rounds{
		Title:  "bdm: emission_year",
		Issue:  "emission_year",
		Min:    2030,
		Max:    2060,
		Actors: []string{"North", "South", "East"},
		Positions: [][]float64{ // one row per round, one column per actor
			{2035, 2055, 2050},
			{2040, 2050, 2048},
			{2044, 2046, 2046},
		},
		Median: []float64{2050, 2048, 2046},
	}
	if err := plot.RenderRounds(io.Discard, r, plot.PNG); err != nil {
		log.Fatal(err)
	}
	fmt.Println("rendered", r.Title)
	// Output: rendered bdm: emission_year
}

func ExampleRenderComparison() {
	low, high := 2042.0, 2049.0
	c := &plot.Comparison{
		Title: "Forecasts by model",
		Issues: []plot.ComparisonIssue{{
			Name: "emission_year", Min: 2030, Max: 2060,
			Forecasts: []plot.ModelForecast{
				{Model: "bdm", Value: 2046, Low: &low, High: &high},
				{Model: "median", Value: 2048},
			},
		}},
	}
	if err := plot.RenderComparison(io.Discard, c, plot.SVG); err != nil {
		log.Fatal(err)
	}
	fmt.Println("rendered", len(c.Issues), "issue")
	// Output: rendered 1 issue
}
