#!/usr/bin/env bash
# Installs every build and run dependency from Debian 12 packages. Idempotent; needs root
# (uses sudo when not root). Nothing is downloaded from anywhere but Debian's archive.
set -euo pipefail
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
PACKAGES=(
  cmake ninja-build g++ ccache pkg-config git
  libssl-dev libsqlite3-dev libsodium-dev libyaml-cpp-dev nlohmann-json3-dev
  libsimdjson-dev libre2-dev libvectorscan-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  # documents (src/report): PDF with Cairo + Pango (CJK fonts embedded), charts through librsvg,
  # DOCX zipped with libzip; the tests parse SVG with libxml2, read PDFs with poppler and open
  # each DOCX in LibreOffice.
  # Fonts the PDFs embed in place of the CAC template's faces (docs/report.md): Noto CJK for
  # 仿宋/黑体, AR PL UKai for 楷体, Liberation (metric-compatible) for Times New Roman and Arial.
  libcairo2-dev libpango1.0-dev librsvg2-dev libzip-dev libxml2-dev
  fonts-noto-cjk fonts-arphic-ukai fonts-liberation2
  poppler-utils libreoffice-writer-nogui
  # sealed packages (src/seal): the interoperability tests run Debian's age and minisign
  age minisign
  libpq-dev
  # The PostgreSQL server: the tests start a throwaway cluster with its initdb and pg_ctl.
  postgresql
  libcpp-httplib-dev                 # xborder serve (built with OpenSSL: --tls-cert/--tls-key)
  chromium nodejs                    # the dashboard's browser test (tests/browser)
  wrk                                # the service benchmark (bench/serve_bench.sh), loopback only
  # the monitor (src/monitor): NATS JetStream through the C client libnats (3.4), and the
  # server the tests start on loopback (nats-server 2.9); webhooks with cpp-httplib (above)
  libnats-dev nats-server
  # lineage graphs drawn as SVG (xborder lineage --svg runs Graphviz's dot)
  graphviz
  # `script` gives the key-rotation test a terminal to type a passphrase at (Essential in
  # Debian; named so a trimmed image still gets it)
  bsdutils
  # The tests: python3 runs the independent ledger verifier (docs/ledger_verify.py); clang and
  # its sanitizer runtimes build the sanitizer runs (scripts/test-sanitizers.sh) and the fuzzers.
  python3 clang libclang-rt-dev
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm comes with nodejs on some installations; Debian ships it separately.
if ! command -v npm >/dev/null; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
fi
# npm packages of the tests, exactly as locked (tests/browser/package-lock.json): puppeteer-core
# for the browser test, which never downloads a browser (it drives Debian's /usr/bin/chromium),
# and @seriousme/openapi-schema-validator, which checks the served OpenAPI 3.1 document.
(cd "$(dirname "$0")/../tests/browser" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
