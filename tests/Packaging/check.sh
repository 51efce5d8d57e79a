#!/usr/bin/env bash
# Checks that a project outside the repository works from the packages alone, as a user gets them:
#   1. packs FaustGen.sln (zero warnings) into a temporary feed, and checks that every package has its readme and
#      that its assemblies were compiled with source paths mapped to /_/;
#   2. makes a console project in a temporary directory, adds the packages with `dotnet add package`, builds it with
#      zero warnings, runs it on embedded:// (it exits 0 once it has counted every word it sent), publishes it with
#      Native AOT and runs the native executable;
#   3. installs the dotnet new template from the packed FaustGen.Templates into a throwaway CLI home, instantiates
#      it, builds it with zero warnings and runs its tests.
# The user's projects restore into a throwaway NuGet packages folder, so a FaustGen left in the global cache is never
# used, from the temporary feed (FaustGen* only) and the sources `dotnet restore` normally uses (everything else).
# Prints "package check passed" or "package check FAILED: <step>" last; exit code 0 or 1.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
here="$repo/tests/Packaging"

# The packages the console project references, one a line.
packages=(
  FaustGen
  FaustGen.Kafka
)

# No MSBuild nodes left behind holding the temporary directories.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 MSBUILDDISABLENODEREUSE=1

work=$(mktemp -d "${TMPDIR:-/tmp}/faustgen-package-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
log="$work/step.log"

# Runs a step quietly; on failure prints its output and stops with the step's name.
step() {
  local name=$1 started=$SECONDS
  shift
  echo "== $name"
  if ! "$@" >"$log" 2>&1; then
    cat "$log"
    echo "package check FAILED: $name"
    exit 1
  fi
  echo "   ok ($((SECONDS - started)) s)"
}

version=$(dotnet msbuild "$repo/src/FaustGen/FaustGen.csproj" -getProperty:Version)
feed="$work/feed"
step "pack FaustGen.sln $version" dotnet pack "$repo/FaustGen.sln" -c Release -o "$feed" -warnaserror -nologo

# Every package carries its readme, and every assembly in one was compiled with source paths mapped to /_/.
# (grep -c reads all of its input: grep -q would stop unzip with SIGPIPE, which pipefail reports as a failure.)
package_contents() {
  local nupkg dll
  for nupkg in "$feed"/*.nupkg; do
    unzip -Z1 "$nupkg" | grep -cx README.md >/dev/null || { echo "$(basename "$nupkg") has no README.md"; return 1; }
    for dll in $(unzip -Z1 "$nupkg" | grep '\.dll$' || true); do
      unzip -p "$nupkg" "$dll" | grep -ac '/_/' >/dev/null || { echo "$(basename "$nupkg"): $dll has this machine's paths"; return 1; }
    done
  done
}
step "package contents: readmes, /_/ source paths" package_contents

# The sources this machine restores from (the mirror, or nuget.org), listed before the config below exists.
mapfile -t upstream < <(cd "$work" && dotnet nuget list source --format short | sed -n 's/^E[[:space:]]\{1,\}//p')
[ "${#upstream[@]}" -gt 0 ] || { echo "package check FAILED: no enabled NuGet source"; exit 1; }
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo "    <add key=\"faustgen-feed\" value=\"$feed\" />"
  for i in "${!upstream[@]}"; do echo "    <add key=\"upstream-$i\" value=\"${upstream[$i]}\" />"; done
  echo '  </packageSources>'
  echo '  <!-- FaustGen packages only from the feed just packed, even where an upstream source has the same ids. -->'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="faustgen-feed"><package pattern="FaustGen" /><package pattern="FaustGen.*" /></packageSource>'
  for i in "${!upstream[@]}"; do echo "    <packageSource key=\"upstream-$i\"><package pattern=\"*\" /></packageSource>"; done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} >"$work/nuget.config"
export NUGET_PACKAGES="$work/packages"

# The console project, from the packages.
app="$work/app"
mkdir "$app"
cd "$app"
step "dotnet new console" dotnet new console --name PackageCheck --output . --no-restore
for package in "${packages[@]}"; do
  step "dotnet add package $package" dotnet add package "$package" --version "$version"
done
[ -d "$NUGET_PACKAGES/faustgen/$version" ] || { echo "package check FAILED: FaustGen $version was not restored from the feed"; exit 1; }
rm Program.cs
cp "$here"/App/*.cs .
step "build (zero warnings)" dotnet build -c Release -warnaserror -p:TreatWarningsAsErrors=true -nologo
step "run on embedded://" dotnet run -c Release --no-build
cat "$log"
# Confluent.Kafka's IL2104 stays a warning (the FaustGen.Kafka package's targets say so); any other is an error.
step "publish with Native AOT" dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:TreatWarningsAsErrors=true -nologo
native="$app/bin/Release/net10.0/linux-x64/publish/PackageCheck"
step "run the native executable ($(stat -c %s "$native") bytes)" "$native"
cat "$log"

# The dotnet new template, installed from its package into a throwaway CLI home (its own template hive).
export DOTNET_CLI_HOME="$work/home"
step "dotnet new install FaustGen.Templates" dotnet new install "$feed/FaustGen.Templates.$version.nupkg"
worker="$work/worker"
step "dotnet new faustgen" dotnet new faustgen --name Orders --output "$worker"
cd "$worker"
step "build the template (zero warnings)" dotnet build -warnaserror -nologo
step "test the template" dotnet test --no-build -nologo
grep -E "^(Passed|Failed)!" "$log" || true

echo "package check passed"
