using System.Text;
using System.Text.Json.Nodes;
using Orchestration.Domain.Calendar;
using Orchestration.Domain.Profiles;

namespace Orchestration.Domain.Tests.Profiles;

public sealed class ProfileLoadingTests
{
    private static readonly string ShippedDirectory = ProfileLoader.ShippedDirectory;

    public static TheoryData<string> LocalProfiles => ["warrington", "gloucestershire", "llr", "darlington", "northamptonshire"];

    [Fact]
    public void All_six_shipped_profiles_load()
    {
        var names = Shipped.Profiles.All.Select(p => p.Name);

        Assert.Equal(["national", "darlington", "gloucestershire", "llr", "northamptonshire", "warrington"], names);
    }

    [Theory]
    [MemberData(nameof(LocalProfiles))]
    public void Every_local_profile_carries_every_national_timescale(string name)
    {
        var profile = Shipped.Profiles.Find(name)!;

        foreach (var rule in NationalRules.All.Where(r => r.Timescale is not null))
        {
            var entry = Assert.Single(profile.Timetable, e => e.Key == rule.Timescale!.Key);
            Assert.Equal(rule.Id, entry.Rule);
        }
    }

    [Theory]
    [MemberData(nameof(LocalProfiles))]
    public void Every_profile_calls_the_health_partner_the_ICB_and_keeps_the_CCG_as_an_alias(string name)
    {
        var icb = Assert.Single(Shipped.Profiles.Find(name)!.Partners, p => p.Partner == StatutoryPartner.Icb);

        Assert.Contains(icb.Aliases ?? [], alias => alias.Contains("CCG", StringComparison.Ordinal) || alias.Contains("Clinical Commissioning Group", StringComparison.Ordinal));
    }

    [Fact]
    public void A_local_authority_notification_always_goes_to_Rapid_Review_in_every_profile_N4()
    {
        foreach (var profile in Shipped.Profiles.All)
        {
            var route = Assert.Single(profile.Routes, r => r.Route == ReviewRouteKind.LocalAuthorityNotification);
            Assert.Equal(RouteDecision.AlwaysRapidReview, route.Decision);
        }
    }

    [Fact]
    public void Darlington_counts_the_Rapid_Review_from_the_Panels_acknowledgement_N5()
    {
        var entry = Shipped.Profiles.Find("darlington")!.Timetable.Single(e => e.Key == "rapid-review-to-panel");

        Assert.Equal(TimetableAnchor.PanelAcknowledged, entry.Anchor);
        Assert.Null(entry.InheritedFrom);
    }

    [Fact]
    public void Northamptonshire_keeps_both_the_national_7_working_days_and_its_own_14_days_N10()
    {
        var timetable = Shipped.Profiles.Find("northamptonshire")!.Timetable;

        Assert.Contains(timetable, e => e.Rule == "N10" && e.Measure == Measure.WorkingDays && e.Offset == -7);
        Assert.Contains(timetable, e => e.Rule == "N10" && e.Measure == Measure.CalendarDays && e.Offset == -14);
        Assert.True(Shipped.Profiles.Find("northamptonshire")!.Publication.HoldUntilProsecutionConcludes);
    }

    [Fact]
    public void The_LLR_quorum_needs_three_representatives_including_two_of_the_three_partners()
    {
        var quorum = Shipped.Profiles.Find("llr")!.Quorum!;

        Assert.True(quorum.IsMetBy([StatutoryPartner.LocalAuthority, StatutoryPartner.Police, null]));
        Assert.False(quorum.IsMetBy([StatutoryPartner.LocalAuthority, null, null]));
        Assert.False(quorum.IsMetBy([StatutoryPartner.LocalAuthority, StatutoryPartner.Icb]));
    }

    [Fact]
    public void The_Warrington_quorum_needs_all_three_partners()
    {
        var quorum = Shipped.Profiles.Find("warrington")!.Quorum!;

        Assert.True(quorum.IsMetBy([StatutoryPartner.LocalAuthority, StatutoryPartner.Police, StatutoryPartner.Icb]));
        Assert.False(quorum.IsMetBy([StatutoryPartner.LocalAuthority, StatutoryPartner.Police, null, null]));
    }

    [Theory]
    [InlineData("rapid-review-to-panel", "offset", 20, "it loosens N5")]
    [InlineData("regulators-copies", "offset", -5, "it loosens N10")]
    [InlineData("cspr-published", "offset", 7, "it loosens N7")]
    [InlineData("publicly-available-until", "offset", 6, "it loosens N12")]
    [InlineData("rapid-review-to-panel", "rule", "N19", "cites rule 'N19', which is not one of the national rules")]
    [InlineData("rapid-review-to-panel", "anchor", "RapidReviewMeetingHeld", "it counts N5 from RapidReviewMeetingHeld")]
    [InlineData("regulators-copies", "measure", "CalendarDays", "replaces the national entry in CalendarDays")]
    [InlineData("rapid-review-to-panel", "anchor", "Whenever", "not a well-formed profile")]
    [InlineData("rapid-review-to-panel", "dueOnOrAbout", 3, "not a well-formed profile")]
    [InlineData("rapid-review-to-panel", "windowStart", 16, "the window starts at 16")]
    [InlineData("rapid-review-to-panel", "satisfiedBy", null, "name the milestone that meets it in satisfiedBy")]
    [InlineData("rapid-review-to-panel", "satisfiedBy", "Whenever", "not a well-formed profile")]
    [InlineData("publicly-available-until", "satisfiedBy", "Publication", "remove satisfiedBy")]
    public void A_profile_that_breaks_a_rule_is_refused_with_a_clear_error(string key, string field, object? value, string expected)
    {
        var profile = LocalProfile();
        var entry = profile["timetable"]!.AsArray().Single(e => (string?)e!["key"] == key)!;
        entry[field] = value is null ? null : JsonValue.Create(value);

        var error = Refused(profile);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("bad.json", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_lets_partners_decide_on_a_local_authority_notification_is_refused_N4()
    {
        var profile = LocalProfile();
        var route = profile["routes"]!.AsArray().Single(r => (string?)r!["route"] == "LocalAuthorityNotification")!;
        route["decision"] = "PartnersDecide";
        route["decidedBy"] = new JsonArray("partners");

        Assert.Contains("it loosens N4", Refused(profile).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_route_decided_by_a_body_the_profile_does_not_define_is_refused()
    {
        var profile = LocalProfile();
        profile["routes"]!.AsArray().Single(r => (string?)r!["route"] == "AgencyReferral")!["decidedBy"] = new JsonArray("nobody");

        Assert.Contains("decided by 'nobody'", Refused(profile).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_missing_a_required_field_is_refused()
    {
        var profile = LocalProfile();
        profile.Remove("displayName");

        Assert.Contains("not a well-formed profile", Refused(profile).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_JSON_is_refused_naming_it()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{ \"name\": "));

        var error = Assert.Throws<ProfileValidationException>(() => ProfileLoader.ParseLocal(stream, "broken.json", Shipped.Profiles.Find("national")!));

        Assert.Contains("'broken.json' was refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_with_a_bad_profile_refuses_to_load_and_says_which()
    {
        var directory = Directory.CreateTempSubdirectory("profiles-");
        try
        {
            File.Copy(Path.Combine(ShippedDirectory, "national.json"), Path.Combine(directory.FullName, "national.json"));
            var bad = LocalProfile();
            bad["name"] = "bad";
            bad["timetable"]!.AsArray().Single(e => (string?)e!["key"] == "rapid-review-to-panel")!["offset"] = 16;
            File.WriteAllText(Path.Combine(directory.FullName, "bad.json"), bad.ToJsonString());

            var error = Assert.Throws<ProfileValidationException>(() => ProfileLoader.LoadDirectory(directory.FullName));

            Assert.EndsWith("bad.json", error.File, StringComparison.Ordinal);
            Assert.Contains("it loosens N5", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_directory_without_the_national_profile_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("profiles-");
        try
        {
            File.Copy(Path.Combine(ShippedDirectory, "warrington.json"), Path.Combine(directory.FullName, "warrington.json"));

            var error = Assert.Throws<ProfileValidationException>(() => ProfileLoader.LoadDirectory(directory.FullName));

            Assert.Contains("national profile is missing", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // Warrington restates every national key, so each can be broken in place.
    private static JsonObject LocalProfile()
    {
        var profile = JsonNode.Parse(File.ReadAllText(Path.Combine(ShippedDirectory, "warrington.json")))!.AsObject();
        profile["name"] = "bad";
        return profile;
    }

    private static ProfileValidationException Refused(JsonObject profile)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(profile.ToJsonString()));
        return Assert.Throws<ProfileValidationException>(() => ProfileLoader.ParseLocal(stream, "bad.json", Shipped.Profiles.Find("national")!));
    }
}
