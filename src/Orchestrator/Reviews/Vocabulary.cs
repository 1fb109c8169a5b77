using ProfileRoute = Orchestration.Domain.Profiles.ReviewRouteKind;
using ProfilePartner = Orchestration.Domain.Profiles.StatutoryPartner;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>Translates between the contracts' words and the profiles' (the same names, kept apart so each can version alone).</summary>
internal static class Vocabulary
{
    public static ProfileRoute ToProfile(this Contracts.ReviewRoute route) => Enum.Parse<ProfileRoute>(route.ToString());

    public static ProfilePartner ToProfile(this Contracts.StatutoryPartner partner) => Enum.Parse<ProfilePartner>(partner.ToString());

    public static Contracts.StatutoryPartner ToContract(this ProfilePartner partner) => Enum.Parse<Contracts.StatutoryPartner>(partner.ToString());
}
