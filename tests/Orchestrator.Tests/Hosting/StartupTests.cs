using System.Net;

namespace Orchestration.Orchestrator.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task The_service_reports_itself_live_and_ready()
    {
        await using var factory = new OrchestratorFactory();
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_calendar_and_profiles()
    {
        await using var factory = new OrchestratorFactory();
        using var client = factory.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/calendar/working-days", document, StringComparison.Ordinal);
        Assert.Contains("/api/profiles/{name}", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_says_every_operation_needs_an_api_key_or_a_bearer_token()
    {
        await using var factory = new OrchestratorFactory();
        using var client = factory.CreateClient();

        using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        var key = schemes.GetProperty("ApiKey");
        Assert.Equal("apiKey", key.GetProperty("type").GetString());
        Assert.Equal("header", key.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", key.GetProperty("name").GetString());
        var bearer = schemes.GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var alternatives = document.RootElement.GetProperty("security").EnumerateArray()
            .Select(requirement => string.Join("+", requirement.EnumerateObject().Select(p => p.Name))).ToList();
        Assert.Equal(["ApiKey", "Bearer"], alternatives);
    }

    [Fact]
    public void A_bank_holidays_file_that_does_not_parse_stops_the_service_at_start()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"scotland\": { \"division\": \"scotland\", \"events\": [] } }");
        try
        {
            using var factory = OrchestratorFactory.With(new Dictionary<string, string?> { ["StatutoryClock:BankHolidaysFile"] = path });

            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

            var refusal = Unwrap<Domain.Calendar.CalendarDataException>(error);
            Assert.Contains(path, refusal.Message, StringComparison.Ordinal);
            Assert.Contains("england-and-wales", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_profiles_directory_with_a_loosening_profile_stops_the_service_at_start()
    {
        var directory = Directory.CreateTempSubdirectory("profiles-");
        try
        {
            var shipped = Domain.Profiles.ProfileLoader.ShippedDirectory;
            File.Copy(Path.Combine(shipped, "national.json"), Path.Combine(directory.FullName, "national.json"));
            var loose = File.ReadAllText(Path.Combine(shipped, "warrington.json")).Replace("\"offset\": 15", "\"offset\": 25", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(directory.FullName, "warrington.json"), loose);
            using var factory = OrchestratorFactory.With(new Dictionary<string, string?> { ["StatutoryClock:ProfilesDirectory"] = directory.FullName });

            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

            var refusal = Unwrap<Domain.Profiles.ProfileValidationException>(error);
            Assert.EndsWith("warrington.json", refusal.File, StringComparison.Ordinal);
            Assert.Contains("loosens N5", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static T Unwrap<T>(Exception error)
        where T : Exception
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.OfType<T>().FirstOrDefault() is { } inner)
            {
                return inner;
            }
        }

        throw new Xunit.Sdk.XunitException($"Expected a {typeof(T).Name} inside {error}");
    }
}
