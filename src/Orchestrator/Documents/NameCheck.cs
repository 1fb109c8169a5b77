using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orchestration.Contracts;

namespace Orchestration.Orchestrator.Documents;

/// <summary>Where a name recorded at referral appears in a document; says whose, never the name itself.</summary>
public sealed record NameFinding(string Location, string Whose);

/// <summary>
/// The anonymisation check before anything goes for publication or to the NSPCC (N11; seeds 000 §4.2.2):
/// every part of the names of the children and family members recorded at referral is looked for as a
/// whole word, ignoring case and accents. Words that referrals use as placeholders rather than names
/// ("baby", "unborn", "child", "of", ...) are not looked for.
/// </summary>
public static partial class NameCheck
{
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "the", "of", "and", "a", "an", "baby", "unborn", "child", "infant", "unknown", "unnamed", "boy", "girl",
        "sibling", "mother", "father", "mr", "mrs", "ms", "miss", "mx", "dr", "jr", "sr", "not", "known", "n", "k",
    };

    /// <summary>Every place the document names someone recorded at referral.</summary>
    public static IReadOnlyList<NameFinding> Check(IReadOnlyList<Passage> passages, ReferralSubmitted referral)
    {
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(referral);
        var people = referral.Children.Select((c, i) => (Name: c.FullName, Whose: referral.Children.Count == 1 ? "the child's name" : $"the name of child {i + 1}"))
            .Concat(referral.FamilyMembers.Select((f, i) => (Name: f.FullName, Whose: $"the name of family member {i + 1}")))
            .Select(p => (Parts: Words(p.Name).Where(w => !NotNames.Contains(w) && w.Length >= 2).ToHashSet(StringComparer.Ordinal), p.Whose))
            .Where(p => p.Parts.Count > 0)
            .ToList();
        var findings = new List<NameFinding>();
        foreach (var passage in passages)
        {
            var words = Words(passage.Text).ToHashSet(StringComparer.Ordinal);
            findings.AddRange(people.Where(p => p.Parts.Overlaps(words)).Select(p => new NameFinding(passage.Location, p.Whose)));
        }

        return findings;
    }

    /// <summary>The words of a text, lower-case and without accents (so "Zoë" matches "Zoe").</summary>
    private static IEnumerable<string> Words(string text) =>
        Word().Matches(Fold(text)).Select(m => m.Value);

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
        {
            folded.Append(char.ToLowerInvariant(c));
        }

        return folded.ToString();
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
