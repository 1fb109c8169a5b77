# syntax=docker/dockerfile:1
# The orchestrator's image. Multi-stage: the SDK image builds; the ASP.NET Core runtime image runs it as the
# non-root "app" user of Microsoft's images (UID 1654, the same in the workers' image). Build from the
# repository root (docker-compose.yml does):
#   docker build -f ops/orchestrator.Dockerfile -t cspr/orchestrator .
# Pin the base images (a version or a digest) with --build-arg SDK_IMAGE=... / RUNTIME_IMAGE=...; the SDK must
# satisfy global.json.
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

FROM ${SDK_IMAGE} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
# The NuGet cache survives between builds (BuildKit), so a change to the code does not download the packages again.
RUN --mount=type=cache,id=cspr-nuget,target=/root/.nuget/packages \
    dotnet publish src/Orchestrator/Orchestrator.csproj -c Release -o /app

FROM ${RUNTIME_IMAGE} AS runtime
# The program in /app stays owned by root, read-only to the service. What the service writes lives under
# /var/lib/cspr, created here owned by "app": a named volume mounted there starts out with that owner (an
# empty volume takes the image's folder), so the documents volume shared with the workers is writable.
RUN mkdir -p /var/lib/cspr/documents /var/lib/cspr/mail-pickup /var/lib/cspr/keys \
    && chown -R "$APP_UID:$APP_UID" /var/lib/cspr \
    && chmod -R 750 /var/lib/cspr
WORKDIR /app
COPY --from=build /app .
# The embedded default (SQLite, in-process workers, pickup folder) keeps its state there too; docker-compose.yml
# overrides these for PostgreSQL, RabbitMQ and SMTP. ASPNETCORE_HTTP_PORTS (8080 in the base image) is cleared:
# URLS decides where the service listens.
ENV URLS=http://0.0.0.0:5080 \
    ASPNETCORE_HTTP_PORTS= \
    ConnectionStrings__Reviews="Data Source=/var/lib/cspr/orchestrator.db" \
    ConnectionStrings__Workers="Data Source=/var/lib/cspr/workers.db" \
    Documents__Path=/var/lib/cspr/documents \
    Email__PickupDirectory=/var/lib/cspr/mail-pickup \
    DataProtection__KeysPath=/var/lib/cspr/keys
EXPOSE 5080
USER $APP_UID
ENTRYPOINT ["dotnet", "Orchestration.Orchestrator.dll"]
