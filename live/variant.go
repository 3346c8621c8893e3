package live

import (
	"context"
	"encoding/json"
	"time"
)

// VariantRecord is a what-if variant of a stored scenario that a user
// saved (the what-if workspace's "US out", "threshold 55%"): its document
// is a wire.VariantDoc, checked against the scenario before it is stored.
type VariantRecord struct {
	ID       string          `json:"id"`
	Scenario string          `json:"scenario"`
	Name     string          `json:"name"`
	Doc      json.RawMessage `json:"variant"`
	Created  time.Time       `json:"created"`
}

// VariantStore keeps saved variants (store/serverdb implements it beside
// Store). Deleting a scenario deletes its variants.
type VariantStore interface {
	// PutVariant stores a variant, replacing the scenario's variant of
	// the same name (whose id it then takes over).
	PutVariant(ctx context.Context, v *VariantRecord) error
	// Variants lists a scenario's variants, oldest first.
	Variants(ctx context.Context, scenario string) ([]VariantRecord, error)
	// DeleteVariant deletes a variant of a scenario (ENotFound when it
	// has none of that id).
	DeleteVariant(ctx context.Context, scenario, id string) error
}
