// Package protocol runs negotiation sessions: parties, each played by a
// Negotiator, exchange offers or vote on a mediator's proposals under a
// protocol, until they agree, someone walks away or the deadline passes.
//
// Protocols are explicit state machines behind the Protocol interface:
//
//   - Alternating offers (the ANAC SAOP; Aydoğan et al. 2017): parties take
//     turns in a fixed order; on its turn a party accepts the package on
//     the table (naming it), puts a new one there or walks away. A package
//     is agreed once every party it needs (Scenario.Required) has accepted
//     it since it was offered; the offerer counts as accepting. "alternating"
//     is the bilateral case, "stacked" any number of parties.
//   - Mediated single negotiating text (Fisher's single text at Camp David,
//     Raiffa 1982; Klein et al. 2003): a Mediator proposes complete
//     packages; every party votes on each. Under accept voting the session
//     ends as soon as every needed party accepts a proposal. Under compare
//     voting (preferred-of-two) the text moves to a proposal every needed
//     party likes at least as much, and the final text is the agreement if
//     every needed party accepts it at the deadline.
//
// Every protocol applies one definition of agreement, the analysis's
// (ratify.Set.Agreed): the parties a package needs must accept it, and a
// bloc's acceptance counts only when its members accept the package by the
// bloc's rule (they vote whenever its negotiator offers or accepts). After
// an agreement every constituency says whether it ratifies it
// (Result.Ratification, Result.Stands).
//
// The referee (Session) trusts no negotiator: negotiators receive copies
// and snapshots, never live state, and only what they are entitled to know
// (View, including the second level as Config.Disclosure allows); every
// action is checked. Run plays a session to its end; Open and Session.Step
// play it one step at a time.
//
// Time, discounting and metrics follow GENIUS 10.4 (see docs/negotiate.md):
// round r of R is at t = r/(R+1); a party's utility is U·d^t at the time the
// session ends; a session without agreement gives every party its
// reservation value, discounted the same way.
//
// Sessions are deterministic: the same scenario, negotiators, parameters and
// seed give the same events, byte for byte, unless a wall-clock deadline or
// time budget intervenes. A negotiator that panics, returns an invalid action
// or overruns its time budget (measured at each call's start and end on
// Config.Clock) loses its turn (or, under FaultAbort, ends the session); the
// fault is recorded and the program carries on.
package protocol
