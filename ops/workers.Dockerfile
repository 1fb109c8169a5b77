# syntax=docker/dockerfile:1
# The workers' image (src/Workers.Host: the delivery ledger, its dispatcher and reporter, and the consumer of
# the orchestrator's commands). Multi-stage: the SDK image builds; the .NET runtime image (no ASP.NET Core: the
# workers serve no HTTP) runs it as the non-root "app" user of Microsoft's images (UID 1654, the same in the
# orchestrator's image, so both can share the documents volume). Build from the repository root:
#   docker build -f ops/workers.Dockerfile -t cspr/workers .
# Pin the base images (a version or a digest) with --build-arg SDK_IMAGE=... / RUNTIME_IMAGE=...; the SDK must
# satisfy global.json.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0

FROM ${SDK_IMAGE} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN --mount=type=cache,id=cspr-nuget,target=/root/.nuget/packages \
    dotnet publish src/Workers.Host/Workers.Host.csproj -c Release -o /app

FROM ${RUNTIME_IMAGE} AS runtime
# /app stays owned by root; the workers' state (the SQLite ledger and the pickup folder of the embedded
# default) lives under /var/lib/cspr, owned by "app". The documents folder is where the orchestrator's
# documents volume is mounted (read-only for the workers in docker-compose.yml).
RUN mkdir -p /var/lib/cspr/documents /var/lib/cspr/mail-pickup /var/lib/cspr/keys \
    && chown -R "$APP_UID:$APP_UID" /var/lib/cspr \
    && chmod -R 750 /var/lib/cspr
WORKDIR /app
COPY --from=build /app .
ENV ConnectionStrings__Workers="Data Source=/var/lib/cspr/workers.db" \
    Documents__Path=/var/lib/cspr/documents \
    Email__PickupDirectory=/var/lib/cspr/mail-pickup \
    DataProtection__KeysPath=/var/lib/cspr/keys
USER $APP_UID
ENTRYPOINT ["dotnet", "Orchestration.Workers.Host.dll"]
