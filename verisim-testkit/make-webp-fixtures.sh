#!/bin/sh
# Regenerates the committed WebP fixtures from ImageFiles.pattern(96, 64, 42).
# Needs cwebp (Debian: apt-get install webp). Tests never run this; they read the committed files.
set -eu
cd "$(dirname "$0")/.."
mvn -B -q -o -pl verisim-testkit compile
out=verisim-testkit/src/main/resources/dev/verisim/testkit
mkdir -p "$out"
src=$(mktemp --suffix=.png)
trap 'rm -f "$src"' EXIT
java -cp verisim-testkit/target/classes dev.verisim.testkit.WebpFixtureSource "$src"
cwebp -quiet -q 80 -metadata none "$src" -o "$out/pattern-lossy.webp"
cwebp -quiet -lossless -metadata none "$src" -o "$out/pattern-lossless.webp"
ls -l "$out"/*.webp
