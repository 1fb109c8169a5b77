using Microsoft.EntityFrameworkCore;
using Orchestration.Orchestrator.Persistence;
using Orchestration.Orchestrator.Reviews;

namespace Orchestration.Orchestrator.Retention;

/// <summary>
/// What erasing a review's personal data changes (the <c>PersonalDataErased</c> transition): the referral record, the
/// referrer's address, the lead reviewer's name and the free-text reasons become <see cref="Marker"/>; dates, deadlines,
/// decisions, outcomes, counts, notifications owed and the timeline (with its hash chain) are the statutory record and stay.
/// </summary>
public static class PersonalDataErasure
{
    /// <summary>What an erased field holds.</summary>
    public const string Marker = "[erased]";

    /// <summary>The referral record's payload once erased: valid JSON that says so.</summary>
    public const string ErasedReferral = """{"erased":true}""";

    /// <summary>Whether a referral payload has been erased.</summary>
    public static bool IsErased(ReferralRecord referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return referral.Payload == ErasedReferral;
    }

    /// <summary>Erases the review's personal fields and its referral in the transition's own unit of work.</summary>
    internal static async Task Erase(ReviewState review, ReviewsDbContext database, DateOnly on, CancellationToken cancellationToken)
    {
        review.ReferrerEmail = null;
        review.LeadReviewer = review.LeadReviewer is null ? null : Marker;
        review.ClosureReason = review.ClosureReason is null ? null : Marker;
        review.PartnerVotes = [.. review.PartnerVotes.Select(v => v with { Reason = Marker })];
        review.Recommendations = [.. review.Recommendations.Select(r => r with { Reason = Marker })];
        review.FamilyEngagement = [.. review.FamilyEngagement.Select(f => f with { ReasonNotInvolved = f.ReasonNotInvolved is null ? null : Marker })];
        foreach (var delivery in review.Deliveries.Where(d => d.FailureReason is not null))
        {
            delivery.FailureReason = Marker;
        }

        review.PersonalDataErasedOn = on;

        // The saga's own context: the change commits with the review and its timeline entry, or not at all.
        var referral = await database.Referrals.SingleOrDefaultAsync(r => r.ReviewId == review.CorrelationId, cancellationToken).ConfigureAwait(false);
        if (referral is not null)
        {
            referral.Payload = ErasedReferral;
        }
    }
}
