using System.Text.Json.Nodes;

namespace Orchestration.Orchestrator.Tests.Reviews;

/// <summary>Realistic referrals, as the seed forms ask for them. The people are invented.</summary>
public static class Referrals
{
    /// <summary>The child's name: tests check it never leaks where it should not be.</summary>
    public const string ChildName = "Amelia Testchild";

    /// <summary>A complete referral; change fields on the returned object to vary it.</summary>
    public static JsonObject Complete(string partnership, string route, string receivedOn, string becameAwareOn, Guid? eventId = null)
    {
        var referral = new JsonObject
        {
            ["partnership"] = partnership,
            ["route"] = route,
            ["receivedOn"] = receivedOn,
            ["becameAwareOn"] = becameAwareOn,
            ["incidentOn"] = becameAwareOn,
            ["childDied"] = false,
            ["seriousHarm"] = true,
            ["abuseOrNeglectKnownOrSuspected"] = true,
            ["lookedAfterChild"] = false,
            ["criminalInvestigation"] = true,
            ["referrer"] = new JsonObject
            {
                ["name"] = "Jo Referrer",
                ["agency"] = "Children's Social Care",
                ["jobTitle"] = "Team Manager",
                ["email"] = "jo.referrer@council.example",
                ["phone"] = "01234 567890",
                ["safeguardingLead"] = new JsonObject { ["name"] = "Sam Lead", ["email"] = "sam.lead@council.example" },
            },
            ["children"] = new JsonArray(new JsonObject
            {
                ["fullName"] = ChildName,
                ["dateOfBirth"] = "2019-04-02",
                ["gender"] = "Female",
                ["ethnicity"] = "White British",
                ["address"] = "1 Example Row, Exampletown",
            }),
            ["familyMembers"] = new JsonArray(new JsonObject { ["fullName"] = "Pat Testparent", ["relationship"] = "Mother", ["dateOfBirth"] = "1994-01-01" }),
            ["agencies"] = new JsonArray(
                new JsonObject { ["name"] = "Police", ["practitioner"] = "DC Example", ["email"] = "dc.example@police.example" },
                new JsonObject { ["name"] = "Health visiting", ["practitioner"] = null, ["email"] = null }),
            ["summary"] = "Admitted to hospital with injuries inconsistent with the account given.",
            ["reasonForReferral"] = "Serious harm where abuse is suspected; agencies were involved.",
        };
        if (eventId is { } id)
        {
            referral["eventId"] = id.ToString();
        }

        return referral;
    }

    /// <summary>Attendees with the three statutory partners, plus <paramref name="others"/> other agencies.</summary>
    public static object[] FullMeeting(int others = 1) =>
    [
        new { name = "Chair", agency = "Council", partner = "LocalAuthority" },
        new { name = "DI Example", agency = "Police", partner = "Police" },
        new { name = "Designated Nurse", agency = "ICB", partner = "Icb" },
        .. Enumerable.Range(1, others).Select(i => (object)new { name = $"Practitioner {i}", agency = $"Agency {i}", partner = (string?)null }),
    ];
}
