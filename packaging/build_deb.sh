#!/usr/bin/env bash
# Wrap the PyInstaller one-folder bundle as a Debian package (xz, reproducible date).
#
#   packaging/build_deb.sh [BUNDLE_DIR] [OUT_DIR]     (defaults: dist/imr-desktop dist)
#
# Layout: /opt/imr-desktop/ (the bundle), /usr/bin/imr-desktop (launcher),
# /usr/share/applications/imr-desktop.desktop, hicolor icons, /usr/share/doc.
# No maintainer scripts: installing and removing never touch a user's data folder.
# Depends: is computed by dpkg-shlibdeps from the libraries the bundle links against
# (the spec leaves the distribution's X11/xcb, GL, fontconfig, glib ... to the system),
# which also fails the build if any library the bundle needs cannot be found.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUNDLE="$(cd "${1:-$ROOT/dist/imr-desktop}" && pwd)"
OUT="$(mkdir -p "${2:-$ROOT/dist}" && cd "${2:-$ROOT/dist}" && pwd)"
NAME=imr-desktop
# glibc floor: the bundle's symbols need 2.35; 2.36 (Debian 12) is what it is built and
# tested on, so that is what we promise.
GLIBC_TESTED="2.36"

die() { echo "build_deb: $*" >&2; exit 1; }
[ -x "$BUNDLE/$NAME" ] || die "no bundle at $BUNDLE (run: make package)"
for tool in dpkg-deb dpkg-shlibdeps; do
    command -v "$tool" >/dev/null || die "$tool is missing (apt-get install dpkg-dev)"
done

VERSION="$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/imr_desktop/__init__.py")"
[ -n "$VERSION" ] || die "cannot read __version__ from imr_desktop/__init__.py"
ARCH="$(dpkg --print-architecture)"
# Reproducible: every date in the package is the last commit's.
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)}"
export SOURCE_DATE_EPOCH

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/pkg"
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
    "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/icons/hicolor/256x256/apps" \
    "$PKG/usr/share/doc/$NAME"

cp -a "$BUNDLE" "$PKG/opt/$NAME"

cat >"$PKG/usr/bin/$NAME" <<'EOF'
#!/bin/sh
# IMR Desktop launcher: the bundled app in /opt. The data folder is the user's
# (~/.local/share/imr-desktop unless --data-dir or IMR_DESKTOP_DATA_DIR says otherwise).
exec /opt/imr-desktop/imr-desktop "$@"
EOF
chmod 0755 "$PKG/usr/bin/$NAME"

cat >"$PKG/usr/share/applications/$NAME.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=IMR Desktop
GenericName=IMR determination editor
Comment=Write California workers' compensation IMR final determinations, offline
Exec=$NAME
Icon=$NAME
Terminal=false
Categories=Office;MedicalSoftware;
Keywords=IMR;determination;MTUS;workers compensation;
StartupWMClass=$NAME
EOF

install -m 0644 "$ROOT/resources/icons/$NAME.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/$NAME.svg"
install -m 0644 "$ROOT/resources/icons/$NAME.png" "$PKG/usr/share/icons/hicolor/256x256/apps/$NAME.png"

cat >"$PKG/usr/share/doc/$NAME/copyright" <<'EOF'
IMR Desktop: proprietary.

Bundled third-party software, each under its own licence:
 Qt 6 (QtCore, QtGui, QtWidgets, QtNetwork, QtPdf) and PySide6 - LGPL-3.0
   (dynamically linked shared libraries in /opt/imr-desktop/_internal/PySide6)
 Python 3.11 - PSF-2.0
 ReportLab - BSD-3-Clause
 Pillow - MIT-CMU (HPND)
 sqlite-utils, platformdirs, click - Apache-2.0 / MIT / BSD-3-Clause
 pypdf - BSD-3-Clause
 sqlcipher3 (SQLCipher) - zlib / BSD-3-Clause
 cryptography - Apache-2.0 OR BSD-3-Clause
 ICU - Unicode-3.0
 DejaVu fonts - Bitstream Vera / Arev licence (free)
 Hunspell 1.7.2 (libhunspell, in the chunspell wheel) - MPL-1.1 (tri-licensed
   MPL-1.1 / GPL-2.0 / LGPL-2.1), unmodified; chunspell binding - MIT
 Spelling dictionaries, in /opt/imr-desktop/_internal/imr_desktop/resources/spelling
   (provenance and full notices in README.md there):
   en_US.aff, en_US.dic, british.tsv - SCOWL (Kevin Atkinson), permissive licence:
     "Permission to use, copy, modify, distribute and sell these word lists, the
     associated scripts, the output created from the scripts, and its documentation
     for any purpose is hereby granted without fee, provided that the above copyright
     notice appears in all copies and that both that copyright notice and this
     permission notice appear in supporting documentation."
   en_med_glut.dic - Hunspell English medical dictionary (hunspell-en-med-glut,
     OpenMedSpel, MTH-Med-Spel-Chek), GPL-3.0-or-later, shipped unmodified as a
     separate data file; licence text: LICENSE-en_med_glut-GPL-3.txt beside it;
     source: https://github.com/Glutanimate/hunspell-en-med-glut
 Drug names: drug_ner_dictionary.pkl.bz2 of drug-named-entity-recognition 2.0.9
   (Fast Data Science, MIT), shipped unmodified as data in
   /opt/imr-desktop/_internal/drug_named_entity_recognition; its names come from
   DrugBank open data (CC0-1.0), MeSH and MedlinePlus (U.S. National Library of
   Medicine) and Wikipedia (CC BY-SA 3.0); source:
   https://github.com/fastdatascience/drug_named_entity_recognition
EOF

# Depends from the ELF files' needs, the way a Debian package build computes them.
mkdir -p "$STAGE/src/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: %s\n' "$NAME" "$NAME" "$ARCH" \
    >"$STAGE/src/debian/control"
mapfile -t elves < <(find "$PKG/opt/$NAME" -type f \( -name '*.so' -o -name '*.so.*' -o -name "$NAME" \) | sort)
mapfile -t libdirs < <(printf '%s\n' "${elves[@]}" | xargs -n1 dirname | sort -u | sed 's/^/-l/')
shlibs="$(cd "$STAGE/src" && dpkg-shlibdeps -O --ignore-missing-info "${libdirs[@]}" "${elves[@]}" 2>"$STAGE/shlibdeps.log")" \
    || { grep -v warning "$STAGE/shlibdeps.log" >&2; die "dpkg-shlibdeps failed (a library the bundle needs is missing)"; }
DEPENDS="$(sed -n 's/^shlibs:Depends=//p' <<<"$shlibs" \
    | sed -E "s/libc6 \(>= [^)]*\)/libc6 (>= $GLIBC_TESTED)/")"
grep -q 'libc6 (>=' <<<"$DEPENDS" || DEPENDS="libc6 (>= $GLIBC_TESTED), $DEPENDS"

INSTALLED_KB="$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)"
cat >"$PKG/DEBIAN/control" <<EOF
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: IMR Desktop maintainers <imr-desktop@localhost>
Installed-Size: $INSTALLED_KB
Depends: $DEPENDS
Recommends: fonts-dejavu-core
Section: misc
Priority: optional
Description: offline workstation for IMR final determinations
 IMR Desktop helps a physician expert reviewer write a California workers'
 compensation Independent Medical Review final determination: case summary,
 disputed items, guideline citations and the signed letter as PDF.
 .
 Everything runs on this machine; nothing is sent over a network. The app is
 self-contained in /opt/imr-desktop (Python and Qt included); user data lives in
 each user's data folder and is left alone when the package is removed.
EOF

# md5sums let `dpkg --verify imr-desktop` show that nothing in the install changed.
(cd "$PKG" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z \
    | xargs -0 md5sum >DEBIAN/md5sums)

# Same dates, owners and modes on every build of the same commit.
find "$PKG" -exec touch --no-dereference --date="@$SOURCE_DATE_EPOCH" {} +
chmod -R u+rwX,go+rX,go-w "$PKG"

DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz -z6 --build "$PKG" "$DEB" >/dev/null
echo "$DEB"
