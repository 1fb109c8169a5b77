# Multi-stage build of the orchestrator: the SDK image builds, the small ASP.NET runtime image runs as non-root.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig Orchestration.sln ./
COPY src/ src/
RUN dotnet publish src/Orchestrator/Orchestrator.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV URLS=http://0.0.0.0:5080
EXPOSE 5080
USER app
ENTRYPOINT ["dotnet", "Orchestration.Orchestrator.dll"]
