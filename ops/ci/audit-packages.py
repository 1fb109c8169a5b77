#!/usr/bin/env python3
"""The dependency audit of CI: every package of the solution, direct and transitive, against the advisories the
package sources publish (dotnet list package --vulnerable). Exits 1 when any package has a known vulnerability.

A source that publishes no vulnerability data (no VulnerabilityInfo resource in its service index) cannot tell a
vulnerable package from a safe one: the audit then says plainly that it could not be made, rather than reporting a
clean result it did not establish."""
import json
import subprocess
import sys
import urllib.request

solution = sys.argv[1] if len(sys.argv) > 1 else "Orchestration.sln"
listing = subprocess.run(
    ["dotnet", "list", solution, "package", "--vulnerable", "--include-transitive", "--format", "json"],
    capture_output=True, text=True, check=False)
if listing.returncode != 0:
    print(f"package audit: dotnet list package failed ({listing.returncode}):\n{listing.stdout}{listing.stderr}", file=sys.stderr)
    sys.exit(1)

report = json.loads(listing.stdout)
found = []
for project in report.get("projects", []):
    for framework in project.get("frameworks", []):
        for kind in ("topLevelPackages", "transitivePackages"):
            for package in framework.get(kind, []):
                for advisory in package.get("vulnerabilities", []):
                    found.append(f"{project['path']}: {package['id']} {package.get('resolvedVersion', '?')} "
                                 f"({advisory.get('severity', '?')}) {advisory.get('advisoryurl', '')}")

if found:
    print("package audit: vulnerable packages:\n  " + "\n  ".join(found), file=sys.stderr)
    sys.exit(1)

sources_with_data = []
for source in report.get("sources", []):
    try:
        with urllib.request.urlopen(source, timeout=30) as answer:
            index = json.load(answer)
        if any("VulnerabilityInfo" in str(resource.get("@type", "")) for resource in index.get("resources", [])):
            sources_with_data.append(source)
    except Exception as error:  # a source that cannot be read publishes nothing we could use
        print(f"package audit: could not read the service index of {source}: {error}", file=sys.stderr)

if sources_with_data:
    print(f"package audit: no known vulnerable package (advisories from {', '.join(sources_with_data)})")
else:
    print("package audit: NOT MADE: no package source here publishes vulnerability data "
          f"({', '.join(report.get('sources', []))}); run it where nuget.org's advisories are reachable")
