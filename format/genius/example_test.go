package genius_test

import (
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/utility"
)

func ExampleDecode() {
	domain := `<negotiation_template>
  <utility_space number_of_issues="2">
    <objective index="0" name="root" type="objective">
      <issue index="1" name="Colour" type="discrete">
        <item index="1" value="red"/>
        <item index="2" value="blue"/>
      </issue>
      <issue index="2" name="Quantity" type="integer" lowerbound="1" upperbound="5"/>
    </objective>
  </utility_space>
</negotiation_template>`
	// Evaluations are divided by the largest (red counts 4/8), and the
	// integer evaluator is measured from the lower bound.
	buyer := `<utility_space>
  <objective index="0" name="root" type="objective">
    <issue index="1" name="Colour" type="discrete">
      <item value="red" evaluation="4"/>
      <item value="blue" evaluation="8"/>
    </issue>
    <issue index="2" name="Quantity" type="integer" lowerbound="1" upperbound="5">
      <evaluator ftype="linear" slope="0.25" offset="0"/>
    </issue>
    <weight index="1" value="0.6"/>
    <weight index="2" value="0.4"/>
  </objective>
  <reservation value="0.3"/>
</utility_space>`
	s, warnings, err := genius.Decode(
		entente.Source{Name: "shop/shop_domain.xml", Data: []byte(domain)},
		entente.Source{Name: "shop/buyer.xml", Data: []byte(buyer)},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Parties[0].Name, len(warnings), "warnings")
	f, err := utility.New(s.Issues, &s.Parties[0].Preferences)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range []entente.Outcome{{0, 1}, {1, 3}, {1, 5}} {
		fmt.Printf("%v: %.2f\n", s.Package(o), f.Utility(o))
	}
	fmt.Println("reservation value:", f.Reservation())

	// A profile GENIUS cannot evaluate is refused, with the position.
	_, _, err = genius.Decode(
		entente.Source{Name: "shop/shop_domain.xml", Data: []byte(domain)},
		entente.Source{Name: "shop/seller.xml", Data: []byte(`<utility_space>
  <objective index="0" name="root" type="objective">
    <issue index="1" name="Colour" type="discrete">
      <item value="red" evaluation="1"/>
    </issue>
    <issue index="2" name="Quantity" type="integer" lowerbound="1" upperbound="5"/>
    <weight index="1" value="1"/>
  </objective>
</utility_space>`)},
	)
	fmt.Println(err)
	// Output:
	// shop_domain buyer 0 warnings
	// map[Colour:red Quantity:1]: 0.30
	// map[Colour:blue Quantity:3]: 0.80
	// map[Colour:blue Quantity:5]: 1.00
	// reservation value: 0.3
	// shop/seller.xml:3:5: issue "Colour": no evaluation for value "blue"; GENIUS cannot evaluate a bid containing it; expected <item value="blue" evaluation=.../>
	// shop/seller.xml:6:5: issue "Quantity": no weight for issue "Quantity" (index 2); GENIUS cannot evaluate a profile without one; expected <weight index="2" value=.../> beside the issue
}

func ExampleEncode() {
	s := &entente.Scenario{
		Name: "lunch",
		Issues: []entente.Issue{
			{Name: "dish", Kind: entente.Discrete, Options: []string{"soup", "pie"}},
		},
		Parties: []entente.Party{{Name: "guest", Preferences: entente.Preferences{
			// As written: utilities are the numbers themselves. GENIUS
			// divides by the best evaluation, so the weight carries it.
			Weights:     []float64{1},
			Values:      []entente.ValueFunc{entente.Table{Values: []float64{0.2, 0.8}}},
			Reservation: 0.1,
		}}},
	}
	domain, profiles, err := genius.Encode(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s\n%s", domain, profiles[0])
	// Output:
	// <negotiation_template>
	//   <utility_space number_of_issues="1">
	//     <objective index="0" name="lunch" type="objective" etype="objective" description="">
	//       <issue index="1" name="dish" type="discrete" etype="discrete" vtype="discrete">
	//         <item index="1" value="soup"/>
	//         <item index="2" value="pie"/>
	//       </issue>
	//     </objective>
	//   </utility_space>
	// </negotiation_template>
	//
	// <utility_space number_of_issues="1">
	//   <objective index="0" name="lunch" type="objective" etype="objective" description="">
	//     <issue index="1" name="dish" type="discrete" etype="discrete" vtype="discrete">
	//       <item index="1" value="soup" evaluation="0.25"/>
	//       <item index="2" value="pie" evaluation="1"/>
	//     </issue>
	//     <weight index="1" value="0.8"/>
	//   </objective>
	//   <reservation value="0.1"/>
	// </utility_space>
}

func ExampleKind() {
	for _, data := range []string{
		`<negotiation_template><utility_space/></negotiation_template>`,
		`<?xml version="1.0"?><utility_space type="nonlinear"/>`,
		"0.5, 1.0\n0.75, 0.8\n", // a pareto.xml
	} {
		fmt.Println(genius.Kind([]byte(data)))
	}
	// Output:
	// GENIUS domain
	// GENIUS profile
	// not a GENIUS scenario file
}
