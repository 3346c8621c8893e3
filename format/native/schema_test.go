package native_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// TestSchemaAcceptsExamples checks docs/entente.schema.json, the schema
// editors use, against every example scenario and party file (as written,
// YAML read into JSON values) and against what Encode writes for them.
func TestSchemaAcceptsExamples(t *testing.T) {
	sch := compileSchema(t)
	files, _ := filepath.Glob("../../examples/*.yaml")
	if len(files) < 3 {
		t.Fatalf("examples: %v", files)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(yamlToJSON(t, data)); err != nil {
			t.Errorf("%s does not match the schema: %v", f, err)
		}
		if strings.Contains(string(data), "\nissues:") {
			open := func(name string) ([]byte, error) { return os.ReadFile(filepath.Join("../../examples", name)) }
			s, _, err := native.Decode(entente.Source{Name: f, Data: data}, open)
			if err != nil {
				t.Fatal(err)
			}
			out, err := native.Encode(s, native.JSON)
			if err != nil {
				t.Fatal(err)
			}
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("Encode(%s) does not match the schema: %v", f, err)
			}
		}
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// yamlToJSON reads YAML into the values a JSON decoder would give.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(stringKeys(v))
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stringKeys turns YAML maps (whose keys may be numbers) into JSON objects.
func stringKeys(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = stringKeys(e)
		}
		return x
	case map[any]any:
		m := map[string]any{}
		for k, e := range x {
			m[toString(k)] = stringKeys(e)
		}
		return m
	case []any:
		for i := range x {
			x[i] = stringKeys(x[i])
		}
	}
	return v
}

func toString(k any) string {
	b, _ := json.Marshal(k)
	return strings.Trim(string(b), `"`)
}

// TestSchemaRejects checks that the schema is not vacuous: files with a
// misspelt key or a wrong type are refused.
func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	data, err := os.ReadFile("../../examples/laptop.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		string(data) + "\nisues: []\n",
		"entente: 1\nname: x\nissues: 3\nparties: []\n",
		"entente: 1\nissues:\n  - {name: a, options: [x]}\nparties:\n  - {name: p, weights: {a: high}}\n",
	} {
		if err := sch.Validate(yamlToJSON(t, []byte(bad))); err == nil {
			t.Errorf("the schema accepts %q", bad)
		}
	}
}

// compileSchema compiles docs/entente.schema.json.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	schema, err := jsonschema.UnmarshalJSON(mustOpen(t, "../../docs/entente.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("entente.schema.json", schema); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("entente.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}
