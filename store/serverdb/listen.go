package serverdb

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Shared reports whether the database can be shared by several servers
// (PostgreSQL).
func (d *DB) Shared() bool { return d.pg != nil }

// Listener returns a live.Notifier for a shared database, nil for SQLite.
func (d *DB) Listener() *Listener {
	if d.pg == nil {
		return nil
	}
	return &Listener{d: d}
}

// Listener receives other servers' appends (PostgreSQL LISTEN).
type Listener struct{ d *DB }

// Listen calls f for every append (the negotiation's id and its number of
// moves) until ctx is done, reconnecting when the connection drops. Each
// time it starts listening (the first time too) it calls f("", 0): the
// appends made before the LISTEN took effect were missed, and a server
// may already hold negotiations then (it answers requests while its
// listener connects).
func (l *Listener) Listen(ctx context.Context, f func(id string, moves int)) error {
	for ctx.Err() == nil {
		err := l.listen(ctx, f)
		if ctx.Err() != nil {
			return nil
		}
		l.d.logErr(err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	return nil
}

func (l *Listener) listen(ctx context.Context, f func(string, int)) error {
	c, cancel := l.d.bound(ctx)
	conn, err := pgx.ConnectConfig(c, l.d.pg.Copy())
	cancel()
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN entente_moves"); err != nil {
		return err
	}
	f("", 0)
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		id, num, _ := strings.Cut(n.Payload, " ")
		moves, _ := strconv.Atoi(num)
		f(id, moves)
	}
}
