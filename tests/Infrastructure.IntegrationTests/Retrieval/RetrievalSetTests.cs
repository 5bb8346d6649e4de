using System.Text.RegularExpressions;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Application.Memories.Recall;
using MemoryAssistant.TestSupport.Retrieval;
using NodaTime;
using NodaTime.Text;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Retrieval;

/// <summary>The retrieval benchmark's dataset is sound: big enough, consistent, and honest about what it tests.</summary>
public sealed partial class RetrievalSetTests
{
    private static readonly RetrievalSet _set = RetrievalSet.Load();
    private static readonly string[] _kinds = ["text", "image", "audio", "location"];
    private static readonly string[] _suffixes = ["ies", "ing", "ed", "es", "s"];

    [Fact]
    public void Load_WhenRead_ThenAtLeast60MemoriesAnd40QuestionsOfBothUsers()
    {
        _set.Memories.Should().HaveCountGreaterThanOrEqualTo(60);
        _set.Questions.Should().HaveCountGreaterThanOrEqualTo(40);
        _set.Users.Select(u => u.TimeZone).Should().BeEquivalentTo("America/Los_Angeles", "Europe/Lisbon");
        foreach (var user in _set.Users)
        {
            _set.Memories.Should().Contain(m => m.User == user.Id, "{0} needs memories", user.Id);
            _set.Questions.Should().Contain(q => q.User == user.Id, "{0} needs questions", user.Id);
        }
    }

    [Fact]
    public void Memories_WhenRead_ThenUniqueKeysKnownUsersAndKindsInTheFourWeeksBeforeNow()
    {
        _set.Memories.Select(m => m.Key).Should().OnlyHaveUniqueItems();
        var now = _set.NowInstant;
        foreach (var memory in _set.Memories)
        {
            _set.Users.Should().Contain(u => u.Id == memory.User, memory.Key);
            _kinds.Should().Contain(memory.Kind, memory.Key);
            memory.Content.Should().NotBeNullOrWhiteSpace(memory.Key);
            memory.OccurredAtInstant.Should().BeLessThan(now, memory.Key)
                .And.BeGreaterThanOrEqualTo(now - Duration.FromDays(28), memory.Key);
        }
    }

    [Fact]
    public void Memories_WhenRead_ThenEachOffsetIsTheOneInForceInItsUsersZone()
    {
        foreach (var memory in _set.Memories)
        {
            var written = OffsetDateTimePattern.ExtendedIso.Parse(memory.OccurredAt).Value;
            var zone = DateTimeZoneProviders.Tzdb[_set.User(memory.User).TimeZone];
            written.Offset.Should().Be(zone.GetUtcOffset(written.ToInstant()), "{0} is written in its user's local time", memory.Key);
        }
    }

    [Fact]
    public void Questions_WhenRead_ThenEveryExpectedKeyExistsAndBelongsToTheAsker()
    {
        _set.Questions.Select(q => q.Id).Should().OnlyHaveUniqueItems();
        var owners = _set.Memories.ToDictionary(m => m.Key, m => m.User);
        foreach (var question in _set.Questions)
        {
            _set.Users.Should().Contain(u => u.Id == question.User, question.Id);
            question.Categories.Should().NotBeEmpty(question.Id).And.BeSubsetOf(QuestionCategories.All, question.Id);
            question.Is(QuestionCategories.None).Should().Be(question.MustReturnNothing, "{0}: 'none' means an empty expected list", question.Id);
            foreach (var key in question.Expected)
            {
                owners.Should().ContainKey(key, question.Id);
                owners[key].Should().Be(question.User, "{0} may only expect its asker's memories", question.Id);
            }
        }
    }

    [Fact]
    public void Questions_WhenCounted_ThenAtLeast8ParaphrasesAnd4ThatMustReturnNothing()
    {
        _set.Questions.Count(q => q.Is(QuestionCategories.Paraphrase)).Should().BeGreaterThanOrEqualTo(8);
        _set.Questions.Count(q => q.MustReturnNothing).Should().BeGreaterThanOrEqualTo(4);
        foreach (var category in new[] { QuestionCategories.Keyword, QuestionCategories.Time, QuestionCategories.Kind, QuestionCategories.Zone, QuestionCategories.Asr })
            _set.Questions.Should().Contain(q => q.Is(category), "the set covers {0} questions", category);
    }

    [Fact]
    public void ParaphraseQuestions_WhenComparedWithTheirMemories_ThenShareNoContentWord()
    {
        var contents = _set.Memories.ToDictionary(m => m.Key, m => m.Content);
        foreach (var question in _set.Questions.Where(q => q.Is(QuestionCategories.Paraphrase)))
        {
            var words = QuestionWords(question);
            foreach (var key in question.Expected)
            {
                var memoryWords = Words(FramingRegex().Replace(contents[key], " ")).Select(Stem).ToHashSet(StringComparer.Ordinal);
                words.Where(memoryWords.Contains).Should().BeEmpty("{0} is a paraphrase of {1}", question.Id, key);
            }
        }
    }

    [Fact]
    public void TimeQuestions_WhenTheirPhraseIsReadInTheUsersZone_ThenExpectedMemoriesFallInIt()
    {
        foreach (var question in _set.Questions.Where(q => q.Is(QuestionCategories.Time)))
        {
            var zone = DateTimeZoneProviders.Tzdb[_set.User(question.User).TimeZone];
            var phrase = TimePhraseParser.Parse(question.Text, _set.NowInstant, zone);
            phrase.Should().NotBeNull("{0} is a time question", question.Id);
            foreach (var key in question.Expected)
                phrase!.Interval.Contains(_set.Memories.Single(m => m.Key == key).OccurredAtInstant).Should().BeTrue("{0} expects {1} within {2}", question.Id, key, phrase.Description);
        }
    }

    [Fact]
    public void ZoneQuestions_WhenTheirPhraseIsReadInUtc_ThenTheAnswerWouldDiffer()
    {
        foreach (var question in _set.Questions.Where(q => q.Is(QuestionCategories.Zone)))
        {
            var zone = DateTimeZoneProviders.Tzdb[_set.User(question.User).TimeZone];
            var local = TimePhraseParser.Parse(question.Text, _set.NowInstant, zone)!.Interval;
            var utc = TimePhraseParser.Parse(question.Text, _set.NowInstant, DateTimeZone.Utc)!.Interval;
            var mine = _set.Memories.Where(m => m.User == question.User).ToList();
            mine.Where(m => local.Contains(m.OccurredAtInstant)).Select(m => m.Key)
                .Should().NotBeEquivalentTo(mine.Where(m => utc.Contains(m.OccurredAtInstant)).Select(m => m.Key), question.Id);
        }
    }

    private static HashSet<string> QuestionWords(RetrievalQuestion question)
    {
        var zone = DateTimeZoneProviders.Tzdb[_set.User(question.User).TimeZone];
        var content = TimePhraseParser.Parse(question.Text, _set.NowInstant, zone)?.RemainingText ?? question.Text;
        return SearchTerms.Extract(content).Select(Stem).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Words(string text) =>
        WordRegex().Matches(text).Select(m => m.Value.ToLowerInvariant());

    // Enough to catch "visit"/"visited" or "list"/"lists"; the paraphrases avoid shared roots on purpose.
    private static string Stem(string word)
    {
        word = word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
        foreach (var suffix in _suffixes)
        {
            if (word.Length > suffix.Length + 2 && word.EndsWith(suffix, StringComparison.Ordinal))
                return word[..^suffix.Length] + (suffix == "ies" ? "y" : "");
        }

        return word;
    }

    // What the app adds around media memories: not the user's words.
    [GeneratedRegex(@"Voice note(?: \(rough transcript\))?:|Voice note \(no words recognised\)|Text in the photo:|^Photo$")]
    private static partial Regex FramingRegex();

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordRegex();
}
