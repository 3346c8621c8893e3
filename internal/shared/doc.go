// Package shared locates the third-party test data that lives beside the
// repository in ../shared (published scenarios and reference numbers). The
// data is never copied into the repository: a user's clone has no
// ../shared, and tests that need it skip with a message, unless
// ENTENTE_REQUIRE_SHARED is set (as .ci/run does), when they fail instead.
package shared
