using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Orchestration.Contracts;
using Orchestration.Orchestrator.Hosting;

namespace Orchestration.Orchestrator.Reviews;

/// <summary>
/// The checks an event's own fields must pass whatever the review's state (the state's checks are the
/// state machine's). Used by the HTTP API for its 422 answer and by the saga for events from the bus.
/// </summary>
public static class EventValidator
{
    /// <summary>The longest reason a retry may give (it is written on the timeline).</summary>
    public const int MaxRetryReason = 500;

    /// <summary>The longest published report's address.</summary>
    public const int MaxUrl = 2000;

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Scalars = new();

    /// <summary>Field (camelCase) to problems; empty when the event is well formed.</summary>
    public static Dictionary<string, string[]> Validate(object message)
    {
        var problems = new ReferralValidator.Problems();
        if (message is IReviewEvent review)
        {
            if (review.OccurredOn == default)
            {
                problems.Add("occurredOn", "is required (YYYY-MM-DD).");
            }

            if (review.EventId == Guid.Empty)
            {
                problems.Add("eventId", "must not be the empty id.");
            }

            if (review.ReviewId == Guid.Empty)
            {
                problems.Add("reviewId", "must not be the empty id.");
            }

            // Caller-sendable events come from outside (the API, upstream systems on the bus); the rest are this service's own.
            if (EventCatalogue.Find(message.GetType().Name) is not null)
            {
                Fields(message, problems);
            }
        }

        switch (message)
        {
            case PartnerDecisionRecorded e:
                Defined(e.Partner, "partner");
                Defined(e.Decision, "decision");
                problems.Text("reason", e.Reason, required: true);
                break;
            case TriageRecommendationMade e:
                Defined(e.Recommendation, "recommendation");
                problems.Text("reason", e.Reason, required: true);
                break;
            case InformationRequestsSent e:
                if (e.Agencies is not { Count: > 0 } || e.Agencies.Any(string.IsNullOrWhiteSpace))
                {
                    problems.Add("agencies", "name at least one agency, none blank.");
                }
                else
                {
                    problems.Count("agencies", e.Agencies.Count);
                    for (var i = 0; i < e.Agencies.Count; i++)
                    {
                        problems.Identifier($"agencies[{i}]", e.Agencies[i]);
                    }
                }

                if (e.DueOn < e.OccurredOn)
                {
                    problems.Add("dueOn", "is before the requests were sent.");
                }

                break;
            case AgencyInformationReturned e:
                problems.Text("agency", e.Agency, required: true);
                break;
            case RapidReviewMeetingScheduled e:
                if (e.ScheduledFor == default)
                {
                    problems.Add("scheduledFor", "is required.");
                }

                break;
            case RapidReviewMeetingHeld e:
                if (e.Attendees is not { Count: > 0 })
                {
                    problems.Add("attendees", "list who was present.");
                }
                else
                {
                    problems.Count("attendees", e.Attendees.Count);
                    for (var i = 0; i < e.Attendees.Count; i++)
                    {
                        problems.Name($"attendees[{i}].name", e.Attendees[i]?.Name, required: true);
                        problems.Name($"attendees[{i}].agency", e.Attendees[i]?.Agency, required: true);
                        if (e.Attendees[i]?.Partner is { } partner)
                        {
                            Defined(partner, $"attendees[{i}].partner");
                        }
                    }
                }

                break;
            case RapidReviewReportEndorsed e:
                if (e.EndorsedBy is not { Count: > 0 })
                {
                    problems.Add("endorsedBy", "name at least one statutory partner.");
                }
                else
                {
                    problems.Count("endorsedBy", e.EndorsedBy.Count);
                    for (var i = 0; i < e.EndorsedBy.Count; i++)
                    {
                        Defined(e.EndorsedBy[i], $"endorsedBy[{i}]");
                    }
                }

                break;
            case RapidReviewOutcomeDecided e:
                Defined(e.Outcome, "outcome");
                problems.Text("reason", e.Reason, required: true);
                if (e.Outcome == RapidReviewOutcome.AlternativeReview)
                {
                    problems.Text("alternativeReviewType", e.AlternativeReviewType, required: true);
                }

                break;
            case LeadReviewerAppointed e:
                problems.Identifier("reviewerName", e.ReviewerName);
                break;
            case FamilyEngagementRecorded e:
                if (!e.Participated)
                {
                    problems.Text("reasonNotInvolved", e.ReasonNotInvolved, required: true);
                }

                if (e.Participated && !e.Invited)
                {
                    problems.Add("participated", "a family that was not invited cannot have participated.");
                }

                break;
            case ParallelProceedingRecorded e:
                Defined(e.Kind, "kind");
                break;
            case DelayReported e:
                problems.Text("reason", e.Reason, required: true);
                if (e.ExpectedPublicationOn < e.OccurredOn)
                {
                    problems.Add("expectedPublicationOn", "is before the delay was reported.");
                }

                break;
            case PublicationScheduled e:
                if (e.PublishOn < e.OccurredOn)
                {
                    problems.Add("publishOn", "is before the date it was scheduled.");
                }

                break;
            case DecisionNotToPublish e:
                problems.Text("justification", e.Justification, required: true);
                break;
            case ReportPublished e:
                if (e.Url is { OriginalString.Length: > MaxUrl })
                {
                    problems.Add("url", $"is longer than {MaxUrl} characters.");
                }
                else if (e.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                {
                    problems.Add("url", "must be the report's absolute http(s) address.");
                }

                if (e.PublishedOn == default)
                {
                    problems.Add("publishedOn", "is required.");
                }

                break;
            case ActionPlanAgreed e:
                if (e.Actions is not { Count: > 0 })
                {
                    problems.Add("actions", "an action plan has at least one action.");
                    break;
                }

                problems.Count("actions", e.Actions.Count);
                for (var i = 0; i < e.Actions.Count; i++)
                {
                    problems.Identifier($"actions[{i}].actionId", e.Actions[i]?.ActionId);
                    problems.Text($"actions[{i}].description", e.Actions[i]?.Description, required: true);
                    problems.Name($"actions[{i}].ownerAgency", e.Actions[i]?.OwnerAgency, required: true);
                    if (e.Actions[i] is { } due)
                    {
                        problems.Within($"actions[{i}].dueOn", due.DueOn, QueryDate.Earliest, QueryDate.Latest);
                    }

                    if (e.Actions[i] is { } action && action.DueOn < e.OccurredOn)
                    {
                        problems.Add($"actions[{i}].dueOn", "is before the plan was agreed.");
                    }
                }

                if (e.Actions.GroupBy(a => a?.ActionId).Any(g => g.Count() > 1))
                {
                    problems.Add("actions", "each action needs its own actionId.");
                }

                break;
            case LearningActionCompleted e:
                problems.Identifier("actionId", e.ActionId);
                break;
            case LearningActionExtended e:
                problems.Identifier("actionId", e.ActionId);
                problems.Text("requestedBy", e.RequestedBy, required: true);
                break;
            case ReviewClosed e:
                problems.Text("reason", e.Reason, required: true);
                break;
            case DeliveryRetryRequested e:
                problems.Text("idempotencyKey", e.IdempotencyKey, required: true);
                problems.Identifier("requestedBy", e.RequestedBy);
                problems.Text("reason", e.Reason, required: true);
                if (e.Reason is { Length: > MaxRetryReason })
                {
                    problems.Add("reason", $"is longer than {MaxRetryReason} characters.");
                }

                break;
            default:
                break;
        }

        return problems.ToDictionary();

        void Defined<TEnum>(TEnum value, string field)
            where TEnum : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                problems.Add(field, "is not one of the allowed values.");
            }
        }
    }

    /// <summary>
    /// Every date of an event lies between <see cref="QueryDate.Earliest"/> and <see cref="QueryDate.Latest"/>, and every
    /// text is text of a bounded length (whatever the event: the checks above add what each field means).
    /// </summary>
    private static void Fields(object message, ReferralValidator.Problems problems)
    {
        var properties = Scalars.GetOrAdd(message.GetType(), type => [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(DateOnly) || p.PropertyType == typeof(DateOnly?) || p.PropertyType == typeof(string))]);
        foreach (var property in properties)
        {
            var field = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            switch (property.GetValue(message))
            {
                case DateOnly date:
                    problems.Within(field, date, QueryDate.Earliest, QueryDate.Latest);
                    break;
                case string text:
                    problems.Text(field, text, required: false);
                    break;
                default:
                    break;
            }
        }
    }
}
