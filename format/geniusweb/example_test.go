package geniusweb_test

import (
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

func ExampleDecode() {
	domain := `{"name": "holiday", "issuesValues": {
		"place": {"values": ["beach", "city"]},
		"days": {"values": ["3", "7"]}}}`
	profile := `{"LinearAdditiveUtilitySpace": {
		"name": "sam",
		"domain": ` + domain + `,
		"issueUtilities": {
			"place": {"discreteutils": {"valueUtilities": {"beach": 1, "city": 0.4}}},
			"days": {"discreteutils": {"valueUtilities": {"3": 0.5, "7": 1}}}},
		"issueWeights": {"place": 0.7, "days": 0.3},
		"reservationBid": {"issuevalues": {"place": "city", "days": "3"}}}}`

	s, _, err := geniusweb.Decode(
		entente.Source{Name: "holiday/holiday.json", Data: []byte(domain)},
		entente.Source{Name: "holiday/sam.json", Data: []byte(profile)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fs, err := utility.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	sam := fs[0]
	fmt.Printf("scenario %s, party %s\n", s.Name, s.Parties[0].Name)
	_ = space.New(s.Issues).Each(func(_ uint64, o entente.Outcome) bool {
		fmt.Printf("%-5s %s days: %.2f\n", s.Issues[0].Format(o[0]), s.Issues[1].Format(o[1]), sam.Utility(o))
		return true
	})
	fmt.Printf("reservation value: %.2f\n", sam.Reservation())

	// A profile whose weights do not add up is refused, with its position.
	broken := []byte(`{"LinearAdditiveUtilitySpace": {
		"domain": ` + domain + `,
		"issueUtilities": {
			"place": {"discreteutils": {"valueUtilities": {"beach": 1, "city": 0.4}}},
			"days": {"discreteutils": {"valueUtilities": {"3": 0.5, "7": 1}}}},
		"issueWeights": {"place": 0.7, "days": 0.2}}}`)
	_, _, err = geniusweb.Decode(entente.Source{}, entente.Source{Name: "kim.json", Data: broken})
	fmt.Println(err)
	// Output:
	// scenario holiday, party sam
	// beach 3 days: 0.85
	// beach 7 days: 1.00
	// city  3 days: 0.43
	// city  7 days: 0.58
	// reservation value: 0.43
	// kim.json:8:19: LinearAdditiveUtilitySpace.issueWeights: the weights sum to 0.9; GeniusWeb needs them to sum to 1
}
