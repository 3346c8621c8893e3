package forecast

// Issue is one dimension on which actors take positions: a line with its
// own scale, for example 0-100 or "years until emission standards apply".
type Issue struct {
	Name string
	// Min and Max bound the scale. Positions lie within them.
	Min, Max float64
	// Low and High label the ends of the scale for people ("no reform",
	// "full reform"); Anchors label points in between.
	Low, High string
	Anchors   []Anchor
}

// Anchor labels a point of an issue's scale.
type Anchor struct {
	Position float64
	Label    string
}

// Actor is a participant in the bargaining.
type Actor struct {
	Name        string
	Description string
	// Risk, when not nil, fixes the actor's risk attitude instead of letting
	// a model derive it. Its meaning depends on the model: smp reads it as
	// KTAB's risk attitude R; bdm as a risk exponent, and only with
	// bdm.Params.GivenRisk.
	Risk *float64
}

// Stance is what one actor brings to one issue.
type Stance struct {
	// Position is the outcome the actor advocates, on the issue's scale.
	Position float64
	// Salience is how much the actor cares about the issue (>= 0).
	Salience float64
	// Capability is how much the actor can bring to bear (>= 0).
	Capability float64
}

// Model is the input of every forecasting model: actors x issues.
type Model struct {
	Name    string
	Issues  []Issue
	Actors  []Actor
	Stances [][]Stance // Stances[actor][issue]

	// Uncertain, when not nil, holds ranges for some of the inputs
	// (positions, saliences, capabilities, risks); the values above stay
	// the point inputs. Nil when every input is exact.
	Uncertain *Uncertain

	// KTAB, when not nil, holds what a KTAB scenario file gave besides the
	// stances (ReadKTAB, ReadKTABXML): its description, seed, SMP
	// parameters and ideal-adjustment matrix.
	KTAB *KTABSettings

	// src, set by the readers, locates fields in the file the model was
	// read from, so Validate can point at them.
	src *source
}

// IssueIndex returns the index of the issue with the given name, or -1.
func (m *Model) IssueIndex(name string) int {
	for i := range m.Issues {
		if m.Issues[i].Name == name {
			return i
		}
	}
	return -1
}

// ActorIndex returns the index of the actor with the given name, or -1.
func (m *Model) ActorIndex(name string) int {
	for i := range m.Actors {
		if m.Actors[i].Name == name {
			return i
		}
	}
	return -1
}

// Positions writes the actors' positions on issue k to dst (grown as
// needed) and returns it.
func (m *Model) Positions(k int, dst []float64) []float64 {
	dst = grow(dst, len(m.Actors))
	for i := range m.Actors {
		dst[i] = m.Stances[i][k].Position
	}
	return dst
}

// Weights writes the actors' voting weights on issue k, capability x
// salience, to dst (grown as needed) and returns it.
func (m *Model) Weights(k int, dst []float64) []float64 {
	dst = grow(dst, len(m.Actors))
	for i := range m.Actors {
		s := m.Stances[i][k]
		dst[i] = s.Capability * s.Salience
	}
	return dst
}

func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
