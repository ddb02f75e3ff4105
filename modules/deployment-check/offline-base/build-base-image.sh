#!/usr/bin/env bash
# Builds a Java 17 runtime base image from Debian packages, as a `docker save` tarball that Jib reads with
# -Djib.from.image=tar://<path>. For machines that reach a Debian package mirror but no container registry.
# Needs root (or working user namespaces) and mmdebstrap:  apt-get install mmdebstrap
#
#   modules/deployment-check/offline-base/build-base-image.sh [output.tar]   (default: target/base-jre17.tar)
set -euo pipefail

out="${1:-target/base-jre17.tar}"
suite="${DEBIAN_SUITE:-bookworm}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

# Essential packages plus the headless JRE; no apt, docs or man pages (man1 must exist: the JRE's
# update-alternatives links its man page there). User 10001 (the images' user) gets a passwd
# entry (a home for the JVM) and owns the directories the services write to, so fresh named volumes inherit that.
mmdebstrap --variant=essential --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "app:x:10001:10001:upload-pipeline:/tmp:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "app:x:10001:" >> "$1/etc/group"' \
  --customize-hook='mkdir -p "$1/var/lib/upload-pipeline/uploads" "$1/var/lib/upload-pipeline/processor-state" "$1/var/lib/upload-pipeline/gateway-state"' \
  --customize-hook='chown -R 10001:10001 "$1/var/lib/upload-pipeline"' \
  --customize-hook='rm -rf "$1/var/cache/apt" "$1/var/lib/apt/lists"' \
  "$suite" "$work/layer.tar"

diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"$created","created_by":"mmdebstrap $suite openjdk-17-jre-headless"}]}
JSON
cat > "$work/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["upload-pipeline/base-jre:17"],"Layers":["layer.tar"]}]
JSON
tar -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1)); use -Djib.from.image=tar://$(realpath "$out")"
