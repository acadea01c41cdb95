# Every dependency is a Debian package (see scripts/install-deps.sh); nothing is downloaded.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(OpenSSL 3 REQUIRED)          # SHA-256, HMAC, AES (FF1), Ed25519
find_package(SQLite3 REQUIRED)            # embedded ledger / consent storage
find_package(yaml-cpp REQUIRED)           # plans, policies, rule packs
find_package(nlohmann_json 3 REQUIRED)    # JSON output and canonical ledger entries
find_package(simdjson REQUIRED)           # JSON Lines input
find_package(CLI11 REQUIRED)              # command line (src/cli only)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)   # linear-time regex for patterns from data files
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)  # Ed25519, X25519, ChaCha20-Poly1305, Argon2id
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)       # PostgreSQL client (--db postgresql://)
pkg_check_modules(LIBHS REQUIRED IMPORTED_TARGET libhs)   # Vectorscan: multi-pattern matching
if(XB_BUILD_TESTS)
  find_package(GTest REQUIRED)
  find_package(ZLIB REQUIRED)             # the age testkit's compressed vectors (tests only)
endif()
if(XB_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()
