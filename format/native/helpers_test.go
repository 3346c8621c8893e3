package native_test

import (
	"fmt"
	"math"
	"reflect"

	"github.com/entente/entente"
)

// everything is a hand-built scenario that uses every construct of the
// model: all issue kinds, both normalizations, every value function,
// interactions inside and outside unions of boxes, max_utility, numeric
// and package reservations, discounts and both kinds of rule. Its option
// names are the awkward ones: numeric-looking, quoted, with commas and
// trailing spaces.
func everything() *entente.Scenario {
	return &entente.Scenario{
		Name:        "everything",
		Description: "Every construct of the format.\nSecond line: with a colon.",
		Issues: []entente.Issue{
			{Name: "brand", Description: "who makes it", Kind: entente.Discrete, Options: []string{"Dell", "19'' LCD", "10000", "0.08", "trail ", "a, b", "yes", "", "true", "#x", "-0"}},
			{Name: "ram", Description: "  leading spaces\ttab", Kind: entente.Integer, Min: 4, Max: 8},
			{Name: "price", Kind: entente.Real, Min: -1.5, Max: 1e21},
			{Name: "size", Kind: entente.Integer, Min: -3, Max: 1000},
			{Name: "1", Kind: entente.Discrete, Options: []string{"only"}},
		},
		Parties: []entente.Party{
			{
				Name:        "buyer",
				Description: "wants a cheap, good laptop",
				Preferences: entente.Preferences{
					Normalization: entente.AsWritten,
					Weights:       []float64{0.1, 0.2, 0.3, 0.25, 0.15},
					Values: []entente.ValueFunc{
						entente.Table{Values: []float64{1, 0.5, 0, 0.25, 0.125, 1e-7, 0.3, 0.7, 0.1, 0.2, math.Copysign(0, -1)}},
						entente.Table{Base: 4, Values: []float64{0, 0.25, 0.5, 0.75, 1}},
						entente.Piecewise{X: []float64{-1.5, 0, 1e21}, Y: []float64{1, 0.1, 0}},
						entente.Linear{Offset: 1, Slope: -1e-6, Origin: -3, Clamp: true},
						entente.Constant{V: 0.5},
					},
					Reservation: 0.3,
					Discount:    0.9,
				},
			},
			{
				Name: "seller",
				Preferences: entente.Preferences{
					Normalization: entente.Genius,
					Weights:       []float64{0.5, 0.3, 0.4, 0, 0},
					Values: []entente.ValueFunc{
						entente.Table{Values: []float64{7, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0}},
						entente.Linear{Offset: 0.2, Slope: 0.1},
						entente.Triangular{Low: 0, Top: 100, High: 1e20},
						nil,
						entente.Constant{V: 0},
					},
					ReservationOutcome: entente.Outcome{2, 5, 0.5, -3, 0},
					Discount:           1,
				},
			},
			{
				Name:        "mediator",
				Description: "Judges deals.\n\nOnly by whether they hold.  \n  - not a list\nparties: not a key\n",
				Preferences: entente.Preferences{
					Normalization: entente.Genius,
					Interactions: []entente.Interaction{
						{Name: "good deal", Boxes: []entente.Box{{{Issue: 0, Options: []int{1, 0}}, {Issue: 2, Min: 0, Max: 10}}}, Value: 40},
						{Name: "either", Boxes: []entente.Box{{{Issue: 1, Min: 5, Max: 5}}, {{Issue: 3, Min: -3, Max: 7}, {Issue: 4, Options: []int{0}}}}, Value: 30},
						{Boxes: []entente.Box{{{Issue: 1, Min: 4, Max: 6}}}, Outside: true, Value: 30},
						{Name: "always", Boxes: []entente.Box{nil}, Value: 20},
					},
					MaxUtility:  120,
					Reservation: 0.25,
				},
			},
		},
		Rules: []entente.Rule{
			{Kind: entente.Unanimity},
			{Kind: entente.Unanimity, Parties: []int{0, 1}},
			{Kind: entente.Affected, Parties: []int{2}, Issues: []int{0, 3}},
		},
	}
}

// diff compares two values field by field, floats by their bits, and
// returns the first difference, or "".
func diff(a, b any) string {
	return diffValue("", reflect.ValueOf(a), reflect.ValueOf(b))
}

func diffValue(path string, a, b reflect.Value) string {
	if a.IsValid() != b.IsValid() {
		return fmt.Sprintf("%s: %v against %v", path, a, b)
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: type %v against %v", path, a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Float64:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return fmt.Sprintf("%s: %v (bits %x) against %v (bits %x)", path, a.Float(), math.Float64bits(a.Float()), b.Float(), math.Float64bits(b.Float()))
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v against nil %v", path, a.IsNil(), b.IsNil())
		}
		if !a.IsNil() {
			return diffValue(path, a.Elem(), b.Elem())
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() {
			return fmt.Sprintf("%s: nil %v against nil %v", path, a.IsNil(), b.IsNil())
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d against %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if d := diffValue(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
	default:
		if !reflect.DeepEqual(a.Interface(), b.Interface()) {
			return fmt.Sprintf("%s: %#v against %#v", path, a.Interface(), b.Interface())
		}
	}
	return ""
}
