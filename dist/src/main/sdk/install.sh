#!/bin/sh
# Installs keepwatch's plugin SDK (the plugin API and the test kit, each with its POM, sources and
# javadoc) into a local Maven repository, where a plugin project (start from template/) finds it.
#
#   sh install.sh             into ~/.m2/repository
#   sh install.sh DIR         into the local repository DIR (what -Dmaven.repo.local=DIR names)
#
# It copies the files into the repository's layout, as mvn install would lay them out; it needs
# neither Maven nor a network.
set -eu
sdk="$(cd "$(dirname "$0")" && pwd)"
repo="${1:-$HOME/.m2/repository}"
for pom in "$sdk"/*.pom; do
  # The POMs stand alone (no parent): their first groupId, artifactId and version are their own.
  first() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$pom" | head -n 1; }
  group="$(first groupId)" artifact="$(first artifactId)" version="$(first version)"
  dir="$repo/$(echo "$group" | tr . /)/$artifact/$version"
  mkdir -p "$dir"
  base="${pom%.pom}"
  cp "$pom" "$dir/$artifact-$version.pom"
  for suffix in .jar -sources.jar -javadoc.jar; do
    cp "$base$suffix" "$dir/$artifact-$version$suffix"
  done
  echo "installed $group:$artifact:$version in $repo"
done
