package negotiator

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// DefaultCacheBytes is the default memory budget of a Cache.
const DefaultCacheBytes = 1 << 30

// Cache shares the expensive per-(utility function, space) precomputation,
// the sorted Bids, between negotiators and sessions: a tournament of
// thousands of sessions on one scenario sorts each party's outcomes once.
// It is safe for concurrent use; concurrent requests for the same bids
// wait for one computation. The zero Cache is ready to use, and a nil
// *Cache computes privately for every caller.
//
// Bids are keyed by the *utility.Func pointer and by the space's content
// (per issue its number of values and its first and last value), so that
// separately built but identical spaces share, but separately compiled
// functions do not: compile a scenario once and reuse its functions (for
// protocol.Run, set Config.Utilities). Calling Bids before a session
// warms the cache, so that the session's Start is fast.
//
// When the bids held exceed MaxBytes, the least recently used are dropped
// (negotiators holding them keep them).
type Cache struct {
	// Limit is the largest space sorted exactly (0: ExactLimit). Set it
	// before first use.
	Limit uint64
	// MaxBytes is the memory budget (0: DefaultCacheBytes). Set it before
	// first use.
	MaxBytes int64

	mu    sync.Mutex
	m     map[cacheKey]*cacheEntry
	bytes int64
	tick  uint64
}

type cacheKey struct {
	u     *utility.Func
	space string
}

type cacheEntry struct {
	once  sync.Once
	bids  *Bids
	bytes int64  // 0 while computing
	used  uint64 // the cache's tick at the latest use
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// Bids returns the bids of u over sp, computing them on first use.
func (c *Cache) Bids(u *utility.Func, sp *space.Space) *Bids {
	if c == nil {
		return NewBids(u, sp, ExactLimit)
	}
	return c.get(cacheKey{u, spaceKey(sp)}, func(limit uint64) *Bids { return NewBids(u, sp, limit) })
}

// Allowed returns the bids of u over sp restricted to the packages keep
// keeps (Bids.Allowed), computing them on first use. key identifies what
// keep keeps (protocol.Politics.Key): bids with the same function, space
// and key are shared.
func (c *Cache) Allowed(u *utility.Func, sp *space.Space, key string, keep func(entente.Outcome) bool) *Bids {
	if c == nil {
		return NewBids(u, sp, ExactLimit).Allowed(keep)
	}
	return c.get(cacheKey{u, spaceKey(sp) + "\x00" + key}, func(uint64) *Bids { return c.Bids(u, sp).Allowed(keep) })
}

// Kept returns the indices (in enumeration order) of the packages of sp
// that keep keeps, computing them on first use, and false for a space too
// large to enumerate (beyond the cache's Limit). key identifies what keep
// keeps, as for Allowed. Mediators use it.
func (c *Cache) Kept(sp *space.Space, key string, keep func(entente.Outcome) bool) ([]uint32, bool) {
	kept := func(limit uint64) *Bids {
		b := &Bids{sp: sp, keep: keep}
		n, ok := sp.Len()
		if !ok || n > limit || n > math.MaxUint32 {
			return b
		}
		b.exact = true
		_ = sp.Each(func(i uint64, o entente.Outcome) bool {
			if keep(o) {
				b.idx = append(b.idx, uint32(i))
			}
			return true
		})
		return b
	}
	var b *Bids
	if c == nil {
		b = kept(ExactLimit)
	} else {
		b = c.get(cacheKey{nil, spaceKey(sp) + "\x00kept\x00" + key}, kept)
	}
	return b.idx, b.exact
}

// get returns the bids under key, computing them with build on first use.
func (c *Cache) get(k cacheKey, build func(limit uint64) *Bids) *Bids {
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[cacheKey]*cacheEntry)
	}
	e := c.m[k]
	if e == nil {
		e = &cacheEntry{}
		c.m[k] = e
	}
	c.tick++
	e.used = c.tick
	limit := c.Limit
	c.mu.Unlock()
	if limit == 0 {
		limit = ExactLimit
	}
	e.once.Do(func() {
		e.bids = build(limit)
		c.mu.Lock()
		defer c.mu.Unlock()
		e.bytes = 256 + 4*int64(len(e.bids.idx)) + 8*int64(len(e.bids.util)+len(e.bids.top))
		if c.m[k] == e {
			c.bytes += e.bytes
			c.evict(e)
		}
	})
	return e.bids
}

// evict drops the least recently used computed entries other than keep
// until the cache fits its budget. c.mu is held.
func (c *Cache) evict(keep *cacheEntry) {
	budget := c.MaxBytes
	if budget <= 0 {
		budget = DefaultCacheBytes
	}
	for c.bytes > budget {
		var oldK cacheKey
		var old *cacheEntry
		for k, e := range c.m {
			if e != keep && e.bytes > 0 && (old == nil || e.used < old.used) {
				oldK, old = k, e
			}
		}
		if old == nil {
			return
		}
		delete(c.m, oldK)
		c.bytes -= old.bytes
	}
}

// Len returns the number of bid lists held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// spaceKey fingerprints a space: per issue its number of values and its
// first and last value, which fix every value of a discrete, integer or
// gridded real issue. With the utility function this fixes every bid.
func spaceKey(sp *space.Space) string {
	is := sp.Issues()
	buf := make([]byte, 0, 24*len(is))
	for i := range is {
		r := sp.Radix(i)
		buf = binary.LittleEndian.AppendUint64(buf, r)
		if r > 0 {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(sp.Value(i, 0)))
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(sp.Value(i, r-1)))
		}
	}
	return string(buf)
}
