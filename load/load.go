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
	"github.com/entente/entente/internal/infile"
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

// Loader loads scenarios within limits. The zero Loader applies
// entente.DefaultLimits and reads a native scenario's party files from its
// own folder only.
type Loader struct {
	// Limits bound the files read and what they hold.
	Limits entente.Limits
	// Allow lists folders, besides the folder of the scenario file, whose
	// files a scenario's file: references may name (--allow-path).
	Allow []string
	// Open, when set, reads the party files a native scenario names
	// instead of the file system (a server reads them from the files
	// uploaded with the scenario, never from its own disk).
	Open native.Opener
}

// Paths loads the scenario named by one or more paths (see the package
// documentation) with the default limits.
func Paths(paths ...string) (*Result, error) { return (&Loader{}).Paths(paths...) }

// Folder loads the scenario in a folder with the default limits (see
// Loader.Folder).
func Folder(dir string) (*Result, error) { return (&Loader{}).Folder(dir) }

// Sources loads a scenario from files already read, with the default
// limits (see Loader.Sources).
func Sources(srcs []entente.Source) (*Result, error) { return (&Loader{}).Sources(srcs) }

// Paths loads the scenario named by one or more paths (see the package
// documentation).
func (l *Loader) Paths(paths ...string) (*Result, error) {
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
			return l.Folder(paths[0])
		}
	}
	srcs := make([]entente.Source, len(paths))
	for i, p := range paths {
		data, err := l.read(p)
		if err != nil {
			return nil, err
		}
		srcs[i] = entente.Source{Name: p, Data: data}
	}
	return l.Sources(srcs)
}

// read reads one file within the size limit.
func (l *Loader) read(path string) ([]byte, error) {
	data, err := infile.Read(path, l.Limits.FileSize)
	if err != nil && entente.ErrorCode(err) == entente.ENotFound && !strings.ContainsAny(path, `/\.`) {
		return nil, notFound(path, os.ErrNotExist)
	}
	return data, err
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
// files (such as GENIUS's pareto.xml) are ignored, and so are entries that
// are not regular files (pipes, devices, sub-folders).
func (l *Loader) Folder(dir string) (*Result, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, notFound(dir, err)
	}
	lim := l.Limits.Defaults()
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
			names = append(names, e.Name())
		}
	}
	if len(names) > lim.Parties+16 {
		return nil, folderError(dir, "holds %d files, more than a scenario of at most %d parties needs (raise the limit with --max-parties)", len(names), lim.Parties)
	}
	sort.Strings(names)
	byKind := map[Kind][]entente.Source{}
	var utf16 []string
	for _, n := range names {
		p := filepath.Join(dir, n)
		if err := infile.Check(p, lim.FileSize); errors.Is(err, infile.ErrNotRegular) {
			continue // a link to a pipe or a device is not part of a scenario
		}
		data, err := infile.Read(p, lim.FileSize)
		if err != nil {
			return nil, err
		}
		k := Detect(data)
		if k == Unknown && isUTF16(data) {
			utf16 = append(utf16, n)
		}
		byKind[k] = append(byKind[k], entente.Source{Name: p, Data: data})
	}
	gd, gp := byKind[GeniusDomain], byKind[GeniusProfile]
	wd, wp := byKind[GeniusWebDomain], byKind[GeniusWebProfile]
	nat := byKind[Native]
	var res *Result
	switch {
	case len(nat) == 1 && len(gd)+len(wd) == 0:
		res, err = l.Sources(nat)
	case len(nat) > 1:
		return nil, folderError(dir, "holds %d entente scenario files (%s); name the one to use", len(nat), names0(nat))
	case len(gd) == 1 && len(wd) == 0:
		if len(gp) == 0 {
			return nil, folderError(dir, "holds the GENIUS domain %s but no profile (a file whose root element is utility_space)", filepath.Base(gd[0].Name))
		}
		res, err = l.Sources(append(gd, gp...))
	case len(wd) == 1 && len(gd) == 0:
		if len(wp) == 0 {
			return nil, folderError(dir, "holds the GeniusWeb domain %s but no profile", filepath.Base(wd[0].Name))
		}
		res, err = l.Sources(append(wd, wp...))
	case len(gd)+len(wd) > 1:
		return nil, folderError(dir, "holds %d domain files (%s); a folder must hold one scenario", len(gd)+len(wd), names0(append(gd, wd...)))
	case len(wp) > 0 && len(gp) == 0:
		// GeniusWeb profiles embed their domain.
		res, err = l.Sources(wp)
	case len(utf16) > 0:
		return nil, folderError(dir, "holds no scenario it can read: %s %s in UTF-16; entente reads UTF-8 (and GENIUS's ISO-8859-1): convert the files, e.g. with iconv -f UTF-16 -t UTF-8", strings.Join(utf16, ", "), isAre(len(utf16)))
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
// relative to its own path, within its folder and the allowed ones.
func (l *Loader) Sources(srcs []entente.Source) (*Result, error) {
	if len(srcs) == 0 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "", "no scenario given; name a scenario file, a folder, or a domain file followed by profile files")
	}
	lim := l.Limits.Defaults()
	if len(srcs) > lim.Parties+1 {
		return nil, entente.TooMany(srcs[0].Name, 0, 0, "", len(srcs)-1, lim.Parties, "profile files", "--max-parties")
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
		res.Format, res.Source = "native", srcs[0]
		dec := native.Decoder{Open: l.opener(srcs[0].Name), Limits: lim}
		res.Scenario, res.Warnings, err = dec.Decode(srcs[0])
	case GeniusDomain:
		if err := expectProfiles(GeniusProfile); err != nil {
			return nil, err
		}
		res.Format = "genius"
		res.Scenario, res.Warnings, err = genius.Decoder{Limits: lim}.Decode(srcs[0], srcs[1:]...)
	case GeniusWebDomain:
		if err := expectProfiles(GeniusWebProfile); err != nil {
			return nil, err
		}
		res.Format = "geniusweb"
		res.Scenario, res.Warnings, err = geniusweb.Decoder{Limits: lim}.Decode(srcs[0], srcs[1:]...)
	case GeniusWebProfile:
		for i := range srcs {
			if kinds[i] != GeniusWebProfile {
				return nil, entente.Errorf(entente.EInvalid, srcs[i].Name, 0, 0, "", "expected a GeniusWeb profile, but this is %s", kinds[i].withArticle())
			}
		}
		res.Format = "geniusweb"
		res.Scenario, res.Warnings, err = geniusweb.Decoder{Limits: lim}.Decode(entente.Source{}, srcs...)
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
	case isUTF16(data):
		return "the file is in UTF-16; entente reads UTF-8 (and GENIUS's ISO-8859-1): convert it, e.g. with iconv -f UTF-16 -t UTF-8"
	}
	return "not a scenario file: expected an entente scenario (a YAML or JSON mapping with `entente` and `issues` keys), a GENIUS XML domain, or a GeniusWeb JSON domain or profile"
}

// opener returns the function that reads the party files a native scenario
// file names: relative to its folder, and only inside that folder or an
// allowed one, so that a scenario cannot read any file of the machine.
// The error for a path outside does not say whether it exists.
func (l *Loader) opener(scenario string) native.Opener {
	if l.Open != nil {
		return l.Open
	}
	dir := filepath.Dir(scenario)
	return func(name string) ([]byte, error) {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(dir, path)
		}
		if _, ok := infile.Within(path, append([]string{dir}, l.Allow...)...); !ok {
			abs, err := filepath.Abs(dir)
			if err != nil {
				abs = dir
			}
			return nil, &native.OutsideError{Folder: abs}
		}
		data, err := infile.Read(path, l.Limits.FileSize)
		if err != nil {
			var e *entente.Error
			if errors.As(err, &e) {
				return nil, errors.New(e.Message)
			}
			return nil, err
		}
		return data, nil
	}
}

// isUTF16 recognises UTF-16 text by its byte-order mark, or by the zero
// bytes beside the ASCII characters that start an XML or JSON file.
func isUTF16(data []byte) bool {
	if len(data) < 4 {
		return false
	}
	if (data[0] == 0xff && data[1] == 0xfe) || (data[0] == 0xfe && data[1] == 0xff) {
		return true
	}
	return (data[0] == '<' || data[0] == '{') && data[1] == 0 || data[0] == 0 && (data[1] == '<' || data[1] == '{')
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
