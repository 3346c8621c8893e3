package load

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/examples"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/utility"
)

// Kind is what a file is, judged by its content.
type Kind uint8

// The kinds of file Detect recognises.
const (
	Unknown Kind = iota
	GeniusDomain
	GeniusProfile
	GeniusWebDomain
	GeniusWebProfile
	Native
)

// String names the kind for messages.
func (k Kind) String() string {
	switch k {
	case GeniusDomain:
		return "GENIUS domain"
	case GeniusProfile:
		return "GENIUS profile"
	case GeniusWebDomain:
		return "GeniusWeb domain"
	case GeniusWebProfile:
		return "GeniusWeb profile"
	case Native:
		return "entente scenario"
	}
	return "unrecognised file"
}

// withArticle writes the kind with "a" or "an" before it.
func (k Kind) withArticle() string {
	if k == Native || k == Unknown {
		return "an " + k.String()
	}
	return "a " + k.String()
}

// Detect tells what a file is from its content.
func Detect(data []byte) Kind {
	trim := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(trim) == 0:
		return Unknown
	case trim[0] == '<':
		switch genius.Kind(data) {
		case genius.Domain:
			return GeniusDomain
		case genius.Profile:
			return GeniusProfile
		}
		return Unknown
	}
	switch geniusweb.Kind(data) {
	case geniusweb.Domain:
		return GeniusWebDomain
	case geniusweb.Profile:
		return GeniusWebProfile
	}
	if native.IsScenario(data) {
		return Native
	}
	return Unknown
}

// Result is a loaded scenario and the warnings met on the way. Its
// scenario is valid (entente.Scenario.Validate) and every party's
// utilities are proven to lie in [0,1] (utility.Check).
type Result struct {
	Scenario *entente.Scenario
	// Warnings do not stop loading but deserve a look.
	Warnings entente.ErrorList
	// Format names the format read: "native", "genius" or "geniusweb".
	Format string
	// Source is the native scenario file as read (empty for the other
	// formats), for the sections other packages read from it, such as a
	// forecast model.
	Source entente.Source
}

// Paths loads the scenario named by one or more paths (see the package
// documentation).
func Paths(paths ...string) (*Result, error) {
	switch len(paths) {
	case 0:
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "", "no scenario given; name a scenario file, a folder, or a domain file followed by profile files")
	case 1:
		st, err := os.Stat(paths[0])
		if err != nil {
			if res, exErr := Example(paths[0]); !errors.Is(exErr, fs.ErrNotExist) {
				return res, exErr
			}
			return nil, notFound(paths[0], err)
		}
		if st.IsDir() {
			return Folder(paths[0])
		}
	}
	srcs := make([]entente.Source, len(paths))
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, notFound(p, err)
		}
		srcs[i] = entente.Source{Name: p, Data: data}
	}
	return Sources(srcs)
}

func notFound(path string, err error) error {
	if os.IsNotExist(err) {
		msg := "no such file or folder"
		if !strings.ContainsAny(path, `/\.`) {
			msg += " (built-in examples: " + strings.Join(ExampleNames(), ", ") + ")"
		}
		return &entente.Error{Code: entente.ENotFound, File: path, Message: msg, Err: err}
	}
	return &entente.Error{Code: entente.EInvalid, File: path, Message: err.Error(), Err: err}
}

// ExampleNames lists the built-in example scenarios.
func ExampleNames() []string {
	entries, _ := fs.ReadDir(examples.FS, ".")
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			if _, ok := exampleFile(e.Name()); ok {
				names = append(names, e.Name())
			}
			continue
		}
		data, err := fs.ReadFile(examples.FS, e.Name())
		if err == nil && Detect(data) == Native && !isPartyFile(data) {
			names = append(names, strings.TrimSuffix(e.Name(), path.Ext(e.Name())))
		}
	}
	slices.Sort(names)
	return names
}

// isPartyFile reports a native file that holds one party's preferences
// (referred to by a scenario), not a scenario.
func isPartyFile(data []byte) bool {
	return !native.IsScenario(data)
}

// exampleFile returns the file of the example with this name: NAME.yaml at
// the root, or NAME/NAME.yaml.
func exampleFile(name string) (string, bool) {
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return "", false
	}
	for _, file := range []string{name + ".yaml", name + "/" + name + ".yaml"} {
		if data, err := fs.ReadFile(examples.FS, file); err == nil && Detect(data) == Native {
			return file, true
		}
	}
	return "", false
}

// Example loads the built-in example with this name (a file name in
// examples/ without extension; ExampleNames lists them). For a name that
// is no example it returns an *entente.Error with code ENotFound for which
// errors.Is(err, fs.ErrNotExist) holds.
func Example(name string) (*Result, error) {
	file, ok := exampleFile(name)
	var data []byte
	var err error
	if ok {
		data, err = fs.ReadFile(examples.FS, file)
	}
	if !ok || err != nil {
		return nil, &entente.Error{Code: entente.ENotFound, File: name,
			Message: "no built-in example of this name (the examples: " + strings.Join(ExampleNames(), ", ") + ")", Err: fs.ErrNotExist}
	}
	dir := path.Dir(file)
	open := func(n string) ([]byte, error) { return fs.ReadFile(examples.FS, path.Clean(path.Join(dir, n))) }
	src := entente.Source{Name: "examples/" + file, Data: data}
	res := &Result{Format: "native", Source: src}
	res.Scenario, res.Warnings, err = native.Decode(src, open)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Folder loads the scenario in a folder: one native scenario file, or one
// GENIUS or GeniusWeb domain with its profiles (in file-name order). Other
// files (such as GENIUS's pareto.xml) are ignored.
func Folder(dir string) (*Result, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, notFound(dir, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	byKind := map[Kind][]entente.Source{}
	for _, n := range names {
		p := filepath.Join(dir, n)
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, notFound(p, err)
		}
		k := Detect(data)
		byKind[k] = append(byKind[k], entente.Source{Name: p, Data: data})
	}
	gd, gp := byKind[GeniusDomain], byKind[GeniusProfile]
	wd, wp := byKind[GeniusWebDomain], byKind[GeniusWebProfile]
	nat := byKind[Native]
	var res *Result
	switch {
	case len(nat) == 1 && len(gd)+len(wd) == 0:
		res, err = Sources(nat)
	case len(nat) > 1:
		return nil, folderError(dir, "holds %d entente scenario files (%s); name the one to use", len(nat), names0(nat))
	case len(gd) == 1 && len(wd) == 0:
		if len(gp) == 0 {
			return nil, folderError(dir, "holds the GENIUS domain %s but no profile (a file whose root element is utility_space)", filepath.Base(gd[0].Name))
		}
		res, err = Sources(append(gd, gp...))
	case len(wd) == 1 && len(gd) == 0:
		if len(wp) == 0 {
			return nil, folderError(dir, "holds the GeniusWeb domain %s but no profile", filepath.Base(wd[0].Name))
		}
		res, err = Sources(append(wd, wp...))
	case len(gd)+len(wd) > 1:
		return nil, folderError(dir, "holds %d domain files (%s); a folder must hold one scenario", len(gd)+len(wd), names0(append(gd, wd...)))
	case len(wp) > 0 && len(gp) == 0:
		// GeniusWeb profiles embed their domain.
		res, err = Sources(wp)
	default:
		return nil, folderError(dir, "holds no scenario: expected an entente scenario file, or a GENIUS/GeniusWeb domain file with profile files")
	}
	if err != nil {
		return nil, err
	}
	if res.Format != "native" {
		// GENIUS and GeniusWeb scenarios are known by their folder; a
		// native file names its scenario itself.
		res.Scenario.Name = filepath.Base(filepath.Clean(dir))
	}
	return res, nil
}

func names0(srcs []entente.Source) string {
	s := make([]string, len(srcs))
	for i, x := range srcs {
		s[i] = filepath.Base(x.Name)
	}
	return strings.Join(s, ", ")
}

func folderError(dir, format string, args ...any) error {
	return entente.Errorf(entente.EInvalid, dir, 0, 0, "", "folder "+format, args...)
}

// Sources loads a scenario from files already read: one native scenario,
// or a domain followed by profiles (GENIUS XML or GeniusWeb JSON), or
// GeniusWeb profiles alone. A native scenario's party files are looked up
// relative to its own path.
func Sources(srcs []entente.Source) (*Result, error) {
	if len(srcs) == 0 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "", "no files given; expected a native scenario, or a domain followed by its profiles")
	}
	kinds := make([]Kind, len(srcs))
	for i, s := range srcs {
		kinds[i] = Detect(s.Data)
	}
	first := kinds[0]
	expectProfiles := func(want Kind) error {
		for i := 1; i < len(srcs); i++ {
			if kinds[i] != want {
				return entente.Errorf(entente.EInvalid, srcs[i].Name, 0, 0, "",
					"expected %s after the %s %s, but this is %s", want.withArticle(), first, filepath.Base(srcs[0].Name), kinds[i].withArticle())
			}
		}
		if len(srcs) < 2 {
			return entente.Errorf(entente.EInvalid, srcs[0].Name, 0, 0, "", "%s needs profile files after it, one per party", first.withArticle())
		}
		return nil
	}
	res := &Result{}
	var err error
	switch first {
	case Native:
		if len(srcs) > 1 {
			return nil, entente.Errorf(entente.EInvalid, srcs[1].Name, 0, 0, "", "an entente scenario file stands alone; its parties' files are named inside it")
		}
		open := func(name string) ([]byte, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(filepath.Dir(srcs[0].Name), name)
			}
			return os.ReadFile(name)
		}
		res.Format, res.Source = "native", srcs[0]
		res.Scenario, res.Warnings, err = native.Decode(srcs[0], open)
	case GeniusDomain:
		if err := expectProfiles(GeniusProfile); err != nil {
			return nil, err
		}
		res.Format = "genius"
		res.Scenario, res.Warnings, err = genius.Decode(srcs[0], srcs[1:]...)
	case GeniusWebDomain:
		if err := expectProfiles(GeniusWebProfile); err != nil {
			return nil, err
		}
		res.Format = "geniusweb"
		res.Scenario, res.Warnings, err = geniusweb.Decode(srcs[0], srcs[1:]...)
	case GeniusWebProfile:
		for i := range srcs {
			if kinds[i] != GeniusWebProfile {
				return nil, entente.Errorf(entente.EInvalid, srcs[i].Name, 0, 0, "", "expected a GeniusWeb profile, but this is %s", kinds[i].withArticle())
			}
		}
		res.Format = "geniusweb"
		res.Scenario, res.Warnings, err = geniusweb.Decode(entente.Source{}, srcs...)
	case GeniusProfile:
		return nil, entente.Errorf(entente.EInvalid, srcs[0].Name, 0, 0, "", "this is a GENIUS profile; name the domain file first, then the profiles")
	default:
		return nil, entente.Errorf(entente.EInvalid, srcs[0].Name, 0, 0, "", "%s", describeUnknown(srcs[0].Data))
	}
	if err != nil {
		return nil, err
	}
	if res.Format != "native" {
		// The native decoder proves the utility range itself, with file
		// positions; the others leave it to here.
		errs, warns := utility.Check(res.Scenario)
		if len(errs) > 0 {
			return nil, errs
		}
		res.Warnings = append(res.Warnings, warns...)
	}
	return res, nil
}

// describeUnknown says why a file was not recognised.
func describeUnknown(data []byte) string {
	trim := bytes.TrimLeft(data, " \t\r\n\ufeff")
	switch {
	case len(trim) == 0:
		return "the file is empty; expected an entente scenario (YAML or JSON), a GENIUS XML domain, or a GeniusWeb JSON domain or profile"
	case trim[0] == '<':
		return "not a GENIUS scenario file: expected an XML root element negotiation_template (domain) or utility_space (profile)"
	}
	return "not a scenario file: expected an entente scenario (a YAML or JSON mapping with `entente` and `issues` keys), a GENIUS XML domain, or a GeniusWeb JSON domain or profile"
}
