// Package native reads and writes entente's own scenario format: YAML made
// for people to write by hand, and the same structure in JSON. The format
// is documented in docs/format.md and described for editors by the JSON
// Schema docs/entente.schema.json.
//
// A scenario file starts with the format version and lists the issues, then
// the parties with their preferences:
//
//	entente: 1
//	name: laptop
//	normalization: as-written     # the default for every party
//	issues:
//	  - name: brand
//	    options: [Dell, Lenovo, HP]
//	  - name: price
//	    kind: real
//	    range: [500, 1500]
//	parties:
//	  - name: buyer
//	    weights: {brand: 0.4, price: 0.6}
//	    values:
//	      brand: {Dell: 1, Lenovo: 0.8, HP: 0.3}
//	      price: {piecewise: [[500, 1], [1500, 0]]}
//	    reservation: 0.3
//	  - name: seller
//	    file: laptop-seller.yaml    # preferences kept in their own file
//
// A scenario may also name guarantors (and the options they guarantee),
// ratifying constituencies and blocs, and any number of a profile may carry
// its source, a range and a distribution ({value: 0.4, range: [0.3, 0.5],
// source: "..."}); Decode keeps those annotations as entente.Param values.
//
// Decode is strict: an unknown key, a value of the wrong type or a name
// that refers to nothing is an error that carries the file, line and column
// and a "did you mean" suggestion where one is close. After reading, Decode
// runs entente.Scenario.Validate and utility.Check and attaches the file
// position of each problem's field. Encode writes a scenario back in either
// syntax, with numbers in their shortest exact form, so that Decode(Encode(s))
// reproduces s bit for bit.
package native
