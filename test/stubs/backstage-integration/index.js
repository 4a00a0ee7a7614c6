// @backstage/plugin-adr-common declares this package for a type only. If a later version starts
// to load it, the reader tests must fail here rather than run against an empty stand-in.
throw new Error('@backstage/integration is a stub in this repository (see package.json "overrides"); the code under test now loads it, so install the real package');
