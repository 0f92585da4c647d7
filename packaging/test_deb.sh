#!/usr/bin/env bash
# `make package-test`: install the .deb into this machine, use the installed copy the
# way a reviewer would (no Python packages visible, a fresh data folder), export a
# letter, remove the package and check the user's data was left alone. Every step
# fails loudly. Needs root (dpkg -i / dpkg -r) or sudo.
#
#   packaging/test_deb.sh [PACKAGE.deb]   (default: dist/imr-desktop_<version>_<arch>.deb)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
NAME=imr-desktop
VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/imr_desktop/__init__.py")"
DEB="$(realpath "${1:-$ROOT/dist/${NAME}_${VERSION}_$(dpkg --print-architecture).deb}")"
[ -f "$DEB" ] || { echo "package-test: no package at $DEB (run: make package)" >&2; exit 1; }
CASE=CM16-0000101 # a demo case shipped in resources/demo/cases

STEPS=0
step() { STEPS=$((STEPS + 1)); printf '\n== package-test: %s\n' "$*"; }
fail() { printf '\npackage-test FAILED: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || fail "dpkg -i needs root (or sudo)"
    SUDO=sudo
fi

WORK="$(mktemp -d)"
cleanup() {
    # Leave the machine as it was, even after a failure.
    if [[ "$(dpkg-query -W -f='${Status}' "$NAME" 2>/dev/null || true)" == *"ok installed"* ]]; then
        $SUDO dpkg -r "$NAME" >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

USER_HOME="$WORK/home"
DATA="$WORK/data"
mkdir -p "$USER_HOME"
# A reviewer's session: no venv, no PYTHONPATH, nothing of this checkout on the path.
# A new data folder is encrypted under the passphrase (SQLCipher inside the bundle).
PASSPHRASE="package test passphrase"
app() {
    env -i PATH=/usr/bin:/bin HOME="$USER_HOME" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
        IMR_DESKTOP_PASSPHRASE="$PASSPHRASE" "$NAME" "$@"
}

step "package $(basename "$DEB") ($(du -h "$DEB" | cut -f1))"
dpkg-deb --info "$DEB" >/dev/null || fail "not a valid Debian package: $DEB"
depends="$(dpkg-deb --field "$DEB" Depends)"
grep -q 'libc6 (>=' <<<"$depends" || fail "Depends: does not name glibc"

step "dpkg -i"
$SUDO dpkg -i "$DEB" || fail "dpkg -i failed (missing Depends? apt-get install -f lists them)"
[ "$(command -v $NAME)" = "/usr/bin/$NAME" ] || fail "/usr/bin/$NAME is not the launcher on PATH"
[ -x "/opt/$NAME/$NAME" ] || fail "/opt/$NAME/$NAME missing"
[ -f "/usr/share/applications/$NAME.desktop" ] || fail "no desktop entry"
[ -f "/usr/share/icons/hicolor/scalable/apps/$NAME.svg" ] || fail "no icon"

step "version from the installed copy"
got="$(app --version)"
[ "$got" = "$NAME $VERSION" ] || fail "--version says '$got', expected '$NAME $VERSION'"
echo "$got"

step "smoke test, offscreen, fresh data folder"
out="$(app --data-dir "$DATA" --smoke-test 2>"$WORK/smoke.err")" \
    || { cat "$WORK/smoke.err" >&2; fail "--smoke-test exited non-zero"; }
echo "$out"
grep -q '^smoke test ok' <<<"$out" || { cat "$WORK/smoke.err" >&2; fail "--smoke-test did not report ok"; }
[ -f "$DATA/cases.db" ] || fail "no cases.db in the data folder after the smoke test"

step "export a demo letter with the installed copy"
app --data-dir "$DATA" export "$CASE" -o "$WORK/letter.pdf" || fail "export $CASE failed"
[ -s "$WORK/letter.pdf" ] || fail "the exported letter is missing or empty"
[ "$(head -c 5 "$WORK/letter.pdf")" = "%PDF-" ] || fail "the export is not a PDF"
if command -v pdftotext >/dev/null; then
    letter_text="$(pdftotext "$WORK/letter.pdf" -)" || fail "pdftotext cannot read the letter"
    grep -q "HOW THE IMR FINAL DETERMINATION WAS MADE" <<<"$letter_text" \
        || fail "the letter lacks its first heading"
    grep -q "$CASE" <<<"$letter_text" || fail "the letter does not name case $CASE"
fi
echo "letter: $(du -h "$WORK/letter.pdf" | cut -f1), $(head -c 8 "$WORK/letter.pdf")"

step "spell check with the installed copy, offline"
# A copy of the demo case with a planted typo, checked with no network at all when
# the machine allows a network namespace (root in CI), by the bundled dictionaries.
app --data-dir "$DATA" cases export-json "$CASE" -o "$WORK/case.json" || fail "export-json failed"
sed -e 's/"case_number": "[^"]*"/"case_number": "CM16-0009915"/' \
    -e 's/"summary": "/"summary": "Lumbar radiculapathy noted. /' "$WORK/case.json" >"$WORK/typo.json"
app --data-dir "$DATA" cases import "$WORK/typo.json" >/dev/null || fail "importing the typo case failed"
offline=()
if unshare -n true 2>/dev/null; then offline=(unshare -n); fi
spelling="$("${offline[@]}" env -i PATH=/usr/bin:/bin HOME="$USER_HOME" LANG=C.UTF-8 \
    IMR_DESKTOP_PASSPHRASE="$PASSPHRASE" "$NAME" --data-dir "$DATA" check CM16-0009915 --json)" \
    || true
grep -q '"rule": "spelling".*"word": "radiculapathy".*"suggestions": \["radiculopathy"' \
    <<<"$spelling" || { echo "$spelling" >&2; fail "the installed copy did not flag 'radiculapathy'"; }
if grep -q '"word": "Lumbar"' <<<"$spelling"; then fail "the installed copy flagged a correct word"; fi
echo "flagged radiculapathy (first suggestion radiculopathy)${offline:+, with no network}"

step "default data folder is the user's, not the install"
app cases list >/dev/null || fail "cases list on the default data folder failed"
[ -f "$USER_HOME/.local/share/$NAME/cases.db" ] \
    || fail "the default data folder is not ~/.local/share/$NAME"
changed="$(dpkg --verify "$NAME" || true)"
[ -z "$changed" ] || fail "files of the installed package changed after running it: $changed"
stray="$(find "/opt/$NAME" -newer "$DEB" -not -type d)"
[ -z "$stray" ] || fail "the app wrote into its install: $(head -5 <<<"$stray")"

snapshot() { (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); }
before_data="$(snapshot "$DATA")"
before_home="$(snapshot "$USER_HOME")"

step "dpkg -r"
$SUDO dpkg -r "$NAME" || fail "dpkg -r failed"
[ ! -e "/usr/bin/$NAME" ] || fail "/usr/bin/$NAME left behind"
[ ! -e "/opt/$NAME" ] || fail "/opt/$NAME left behind"

step "user data untouched by the removal"
[ "$(snapshot "$DATA")" = "$before_data" ] || fail "the data folder changed on removal"
[ "$(snapshot "$USER_HOME")" = "$before_home" ] || fail "the user's home changed on removal"
echo "$(wc -l <<<"$before_data") file(s) in the data folder, unchanged"

# The plain closing line CI reads: each step above is one check that passed.
printf '\npackage-test: %d passed, 0 failed\n' "$STEPS"
