// Package live runs negotiations in which people and remote agents take
// part as they happen: the domain of entente's server, independent of HTTP.
//
// A negotiation has seats, one per party, each played by a built-in
// negotiator (package negotiator), a remote agent or a person. Each remote
// or human seat gets its own secret token when the negotiation is created;
// tokens are stored hashed (SHA-256) and compared in constant time. A token
// lets its holder act for its seat only and see its own party's
// preferences only.
//
// The referee is protocol.Session: a remote agent or a person is a
// negotiator it does not trust. A Game steps a session on its own
// goroutine; a seat's Act (or Vote) hands the turn to the program (Game.Wait)
// and blocks until the program applies a Move for it (Game.Apply). A
// built-in seat's negotiator is asked at its turn, and its answer is
// offered as the turn's suggestion, which the Service applies at once.
//
// Durability: every move, of every seat, is appended to a log (Store) and
// committed before it is acknowledged. A negotiation is rebuilt after a
// restart by replaying its log into a fresh Game: the session's clock is
// frozen between moves and set to each move's logged time, so that the
// replay emits the same events, byte for byte, whatever the wall clock
// says. Built-in negotiators are asked again during a replay (to rebuild
// their state), but the logged move is what counts.
//
// Deadlines across a restart: a wall-clock deadline continues (the time
// since the negotiation started includes the time the server was down); a
// round deadline pauses (rounds advance only by moves).
//
// Several servers can share one store: moves carry a sequence number that
// the store keeps unique per negotiation, so two servers that race to
// append the same move find out, and the loser reloads the log. A store
// that implements Notifier tells every server of each append, so live
// updates reach clients on every server.
package live
