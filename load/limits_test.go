package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const confinedScenario = `entente: 1
name: confined
issues:
  - name: x
    options: [a, b]
parties:
  - {name: a, weights: {x: 1}, values: {x: {a: 1, b: 0}}}
  - {name: b, file: FILE}
`

const partyFile = "entente: 1\nweights: {x: 1}\nvalues: {x: {a: 0, b: 1}}\n"

// Issue 19, finding 4: a scenario's file: entries could name any file of
// the machine, and the message quoted its start. They now resolve inside
// the scenario's folder (or a folder the user allows), and a file that is
// not an entente file is never quoted.
func TestPartyFilesConfined(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"s/parties/b.yaml": partyFile,
		"other/b.yaml":     partyFile,
		"secret/id_rsa":    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXkt\n",
		"s/in.yaml":        strings.Replace(confinedScenario, "FILE", "parties/b.yaml", 1),
		"s/up.yaml":        strings.Replace(confinedScenario, "FILE", "../other/b.yaml", 1),
		"s/abs.yaml":       strings.Replace(confinedScenario, "FILE", "/etc/passwd", 1),
		"s/missing.yaml":   strings.Replace(confinedScenario, "FILE", "/nonexistent/x.yaml", 1),
		"s/key.yaml":       strings.Replace(confinedScenario, "FILE", "../secret/id_rsa", 1),
	})
	if err := os.Symlink(filepath.Join(root, "secret", "id_rsa"), filepath.Join(root, "s", "link.yaml")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{"s/vialink.yaml": strings.Replace(confinedScenario, "FILE", "link.yaml", 1)})
	s := filepath.Join(root, "s")
	outside := "lies outside the folder " + s + " of the scenario; a scenario reads files from its own folder only (allow another folder with --allow-path FOLDER)"
	tests := []struct {
		file  string
		allow []string
		want  string // "" for success
	}{
		{"in.yaml", nil, ""},
		{"up.yaml", nil, `parties[1].file: the party file "../other/b.yaml" ` + outside},
		{"up.yaml", []string{filepath.Join(root, "other")}, ""},
		{"abs.yaml", nil, `parties[1].file: the party file "/etc/passwd" ` + outside},
		// The same message whether the file exists or not.
		{"missing.yaml", nil, `parties[1].file: the party file "/nonexistent/x.yaml" ` + outside},
		{"key.yaml", nil, `parties[1].file: the party file "../secret/id_rsa" ` + outside},
		{"vialink.yaml", nil, `parties[1].file: the party file "link.yaml" ` + outside},
		// Allowed, a key is still not quoted.
		{"key.yaml", []string{root}, `parties[1].file: the party file "../secret/id_rsa" is not an entente preferences file (a YAML or JSON mapping that starts with "entente: 1")`},
	}
	for _, tc := range tests {
		res, err := (&load.Loader{Allow: tc.allow}).Paths(filepath.Join(s, tc.file))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s (allow %v): %v", tc.file, tc.allow, err)
		case tc.want == "" && len(res.Scenario.Parties) != 2:
			t.Errorf("%s: %d parties", tc.file, len(res.Scenario.Parties))
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s (allow %v): got %v, want %s", tc.file, tc.allow, err, tc.want)
		}
		if err != nil && (strings.Contains(err.Error(), "BEGIN") || strings.Contains(err.Error(), "root:")) {
			t.Errorf("%s: the message quotes a file that is not a scenario: %v", tc.file, err)
		}
	}
}

// Issue 19, finding 8: a folder of UTF-16 GENIUS files said "holds no
// scenario"; it now says why.
func TestUTF16Folder(t *testing.T) {
	dir := t.TempDir()
	utf16 := func(s string) string {
		b := []byte{0xff, 0xfe}
		for i := 0; i < len(s); i++ {
			b = append(b, s[i], 0)
		}
		return string(b)
	}
	writeFiles(t, dir, map[string]string{
		"d_domain.xml": utf16(`<?xml version="1.0" encoding="UTF-16"?><negotiation_template/>`),
		"p.xml":        utf16(`<?xml version="1.0" encoding="UTF-16"?><utility_space/>`),
	})
	_, err := load.Folder(dir)
	if err == nil || !strings.Contains(err.Error(), "d_domain.xml, p.xml are in UTF-16; entente reads UTF-8") {
		t.Errorf("got %v", err)
	}
	_, err = load.Paths(filepath.Join(dir, "d_domain.xml"), filepath.Join(dir, "p.xml"))
	if err == nil || !strings.Contains(err.Error(), "the file is in UTF-16") {
		t.Errorf("named: got %v", err)
	}
}

// A folder entry that is not a regular file is no part of the scenario,
// and a scenario beyond the size limit is refused before it is read.
func TestFolderLimits(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"s.yaml": strings.Replace(confinedScenario, "{name: b, file: FILE}", "{name: b, weights: {x: 1}, values: {x: {a: 0, b: 1}}}", 1)})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	if _, err := load.Folder(dir); err != nil {
		t.Errorf("a link to a device beside the scenario: %v", err)
	}
	_, err := (&load.Loader{Limits: entente.Limits{FileSize: 64}}).Folder(dir)
	if err == nil || !strings.Contains(err.Error(), "more than the limit of 64 B for one file; raise it with --max-file-size") {
		t.Errorf("got %v", err)
	}
}
