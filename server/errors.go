package server

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/entente/entente"
)

// status maps an application error code to an HTTP status: the one place
// that does.
func status(code string) int {
	switch code {
	case entente.EInvalid:
		return http.StatusBadRequest
	case entente.EUnsupported:
		return http.StatusUnprocessableEntity
	case entente.ENotFound:
		return http.StatusNotFound
	case entente.EUnauthorized:
		return http.StatusUnauthorized
	case entente.EForbidden:
		return http.StatusForbidden
	case entente.EConflict:
		return http.StatusConflict
	case entente.ELimit:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

type errorBody struct {
	Error  errorJSON   `json:"error"`
	Errors []errorJSON `json:"errors,omitempty"`
}

var (
	errUnauthorized = entente.Errorf(entente.EUnauthorized, "", 0, 0, "", "unauthorized")
	errForbidden    = entente.Errorf(entente.EForbidden, "", 0, 0, "", "forbidden")
)

// describe turns an error into what a client is shown: its code and clean
// message, every problem of an error list, nothing of an internal error.
func describe(err error) errorBody {
	code := entente.ErrorCode(err)
	switch code {
	case entente.EUnauthorized:
		return errorBody{Error: errorJSON{Code: code, Message: "unauthorized"}}
	case entente.EForbidden:
		return errorBody{Error: errorJSON{Code: code, Message: "forbidden"}}
	case entente.EInternal:
		return errorBody{Error: errorJSON{Code: code, Message: "internal error"}}
	}
	var list entente.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		b := errorBody{Error: one(list[0])}
		for _, e := range list {
			b.Errors = append(b.Errors, one(e))
		}
		return b
	}
	var e *entente.Error
	if errors.As(err, &e) {
		return errorBody{Error: one(e)}
	}
	return errorBody{Error: errorJSON{Code: code, Message: err.Error()}}
}

func one(e *entente.Error) errorJSON {
	return errorJSON{Code: e.Code, Message: e.Message, File: e.File, Line: e.Line, Col: e.Col, Field: e.Field}
}

// writeError writes err as an error response, logging internal errors.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := entente.ErrorCode(err)
	if code == entente.EInternal {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if code == entente.EUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="entente"`)
	}
	writeJSON(w, status(code), describe(err))
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v) //nolint:errcheck // the client went away
}
