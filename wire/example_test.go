package wire_test

import (
	"context"
	"fmt"
	"os"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/models"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/wire"
)

// An analysis written as analyze --json writes it: the frontier is
// streamed from the result.
func ExampleAnalysis() {
	src := `entente: 1
name: lunch
issues:
  - name: place
    options: [cafe, bistro]
parties:
  - name: ann
    weights: {place: 1}
    values: {place: {cafe: 1, bistro: 0.4}}
    reservation: 0.3
  - name: ben
    weights: {place: 1}
    values: {place: {cafe: 0.2, bistro: 1}}
    reservation: 0.5
`
	s, _, err := native.Decode(entente.Source{Name: "lunch.yaml", Data: []byte(src)}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	r, err := analysis.Analyze(ctx, s, analysis.Options{ParetoPoints: -1})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc := wire.Analysis(s, r, wire.AnalysisOptions{})
	fmt.Println("version", doc.Version, "zone", doc.AgreementZone, "Nash", doc.Nash.Package["place"])
	if err := doc.WriteJSON(ctx, os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// version 1 zone 1 Nash bistro
	// {
	//   "version": 1,
	//   "scenario": "lunch",
	//   "parties": [
	//     "ann",
	//     "ben"
	//   ],
	//   "outcomes": 2,
	//   "discretization": null,
	//   "reservation": [
	//     0.3,
	//     0.5
	//   ],
	//   "best": [
	//     {
	//       "package": {
	//         "place": "cafe"
	//       },
	//       "utilities": [
	//         1,
	//         0.2
	//       ]
	//     },
	//     {
	//       "package": {
	//         "place": "bistro"
	//       },
	//       "utilities": [
	//         0.4,
	//         1
	//       ]
	//     }
	//   ],
	//   "worst": [
	//     {
	//       "package": {
	//         "place": "bistro"
	//       },
	//       "utilities": [
	//         0.4,
	//         1
	//       ]
	//     },
	//     {
	//       "package": {
	//         "place": "cafe"
	//       },
	//       "utilities": [
	//         1,
	//         0.2
	//       ]
	//     }
	//   ],
	//   "agreement_zone": 1,
	//   "ideal": [
	//     0.4,
	//     1
	//   ],
	//   "pareto": [
	//     {
	//       "package": {
	//         "place": "cafe"
	//       },
	//       "utilities": [
	//         1,
	//         0.2
	//       ]
	//     },
	//     {
	//       "package": {
	//         "place": "bistro"
	//       },
	//       "utilities": [
	//         0.4,
	//         1
	//       ]
	//     }
	//   ],
	//   "pareto_outcomes": 2,
	//   "pareto_in_zone": 1,
	//   "nash": {
	//     "package": {
	//       "place": "bistro"
	//     },
	//     "utilities": [
	//       0.4,
	//       1
	//     ],
	//     "value": 0.05000000000000002,
	//     "ties": 1
	//   },
	//   "kalai_smorodinsky": {
	//     "package": {
	//       "place": "bistro"
	//     },
	//     "utilities": [
	//       0.4,
	//       1
	//     ],
	//     "value": 1,
	//     "ties": 1
	//   },
	//   "egalitarian": {
	//     "package": {
	//       "place": "bistro"
	//     },
	//     "utilities": [
	//       0.4,
	//       1
	//     ],
	//     "value": 0.10000000000000003,
	//     "ties": 1
	//   },
	//   "utilitarian": {
	//     "package": {
	//       "place": "bistro"
	//     },
	//     "utilities": [
	//       0.4,
	//       1
	//     ],
	//     "value": 1.4,
	//     "ties": 1
	//   },
	//   "politics": false,
	//   "ratification": null
	// }
}

// Two models' forecasts of one issue, written as forecast --json writes
// them.
func ExampleForecast() {
	src := `name: budget
issues:
  - {name: spending, min: 0, max: 100}
actors:
  - name: left
    capability: 2
    stances: {spending: {position: 80, salience: 1}}
  - name: centre
    capability: 3
    stances: {spending: {position: 50, salience: 0.5}}
  - name: right
    capability: 2
    stances: {spending: {position: 10, salience: 1}}
`
	m, err := forecast.Read("budget.yaml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	f := &models.Forecast{}
	for _, name := range []string{"compromise", "median"} {
		md := models.Lookup(name)
		rs, err := md.Run(m, models.Options{})
		if err != nil {
			fmt.Println(err)
			return
		}
		f.Add(md, rs)
	}
	if err := wire.Encode(os.Stdout, wire.Forecast("budget.yaml", m, f)); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "version": 1,
	//   "input": "budget.yaml",
	//   "name": "budget",
	//   "actors": [
	//     "left",
	//     "centre",
	//     "right"
	//   ],
	//   "models": [
	//     "compromise",
	//     "median"
	//   ],
	//   "issues": [
	//     {
	//       "issue": "spending",
	//       "min": 0,
	//       "max": 100,
	//       "forecasts": {
	//         "compromise": 46.36363636363637,
	//         "median": 50
	//       },
	//       "rounds": {},
	//       "notes": {}
	//     }
	//   ]
	// }
}
