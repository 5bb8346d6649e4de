using MemoryAssistant.Application.Places;

namespace MemoryAssistant.Application.UnitTests.Places;

public sealed class PlacePhrasesTests
{
    // What a caller would pass: the user's named places or a gazetteer hit, case-insensitively.
    private static readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase)
    {
        "office", "home", "gym", "work", "coworking space", "mom's house", "7-eleven",
        "Lisbon", "Porto", "New York", "The Hague", "Rio de Janeiro",
    };

    private static bool IsKnown(string name) => _known.Contains(name);

    [Theory]
    [InlineData("what did I save near the office?", "office", true, "what did I save?")]
    [InlineData("notes near home", "home", true, "notes")]
    [InlineData("what did I save at the office?", "office", false, "what did I save?")]
    [InlineData("anything around the gym", "gym", true, "anything")]
    [InlineData("stuff I noted close to work", "work", true, "stuff I noted")]
    [InlineData("what's next to my gym?", "gym", true, "what's?")]
    [InlineData("notes near to the office", "office", true, "notes")]
    [InlineData("photos from Lisbon", "Lisbon", false, "photos")]
    [InlineData("what did I do in Lisbon", "Lisbon", false, "what did I do")]
    [InlineData("photos taken in Porto", "Porto", false, "photos")]
    [InlineData("pictures at Lisbon", "Lisbon", false, "pictures")]
    [InlineData("photos from lisbon", "lisbon", false, "photos")]
    [InlineData("In Lisbon, what did I eat?", "Lisbon", false, "what did I eat?")]
    [InlineData("what did I save at my mom's house", "mom's house", false, "what did I save")]
    [InlineData("what did I save at my mom’s house", "mom's house", false, "what did I save")]
    [InlineData("ideas from the coworking space", "coworking space", false, "ideas")]
    [InlineData("receipts near 7-eleven", "7-eleven", true, "receipts")]
    [InlineData("photos from around Lisbon", "Lisbon", true, "photos")]
    [InlineData("anything from near the gym?", "gym", true, "anything?")]
    public void Find_WhenKnownPlacePhrase_ThenNameNearAndRemainingText(string question, string name, bool near, string remaining)
    {
        var phrase = PlacePhrases.Find(question, IsKnown);

        phrase.Should().Be(new PlacePhrase(name, near, remaining));
    }

    [Theory]
    [InlineData("photos from New York", "New York")]
    [InlineData("what did I see in new york last week", "new york")]
    [InlineData("carnival photos from Rio de Janeiro", "Rio de Janeiro")]
    [InlineData("what did I save in The Hague", "The Hague")]
    public void Find_WhenMultiWordName_ThenLongestKnownWins(string question, string name)
    {
        PlacePhrases.Find(question, IsKnown)!.Name.Should().Be(name);
    }

    [Fact]
    public void Find_WhenPlaceFollowedByTimeWord_ThenTimeStaysInRemainingText()
    {
        var phrase = PlacePhrases.Find("what did I save at work today?", IsKnown);

        phrase.Should().Be(new PlacePhrase("work", false, "what did I save today?"));
    }

    [Fact]
    public void Find_WhenPlaceAndTimePhrase_ThenBothPartsKeptForTheCaller()
    {
        var phrase = PlacePhrases.Find("photos from Lisbon last week", IsKnown);

        phrase.Should().Be(new PlacePhrase("Lisbon", false, "photos last week"));
    }

    [Fact]
    public void Find_WhenFirstCandidateUnknown_ThenLaterPhraseUsed()
    {
        var phrase = PlacePhrases.Find("what did I write in the morning near the gym?", IsKnown);

        phrase.Should().Be(new PlacePhrase("gym", true, "what did I write in the morning?"));
    }

    [Theory]
    [InlineData("remind me in 2 hours")]
    [InlineData("what did I save in the morning")]
    [InlineData("notes from last week")]
    [InlineData("what did I save in December")]
    [InlineData("meeting at 9")]
    [InlineData("meeting at 9:30 at the cafe")]
    [InlineData("call mom at 5pm")]
    [InlineData("photos from the beach")]
    [InlineData("at least I tried")]
    [InlineData("in a minute")]
    [InlineData("near")]
    [InlineData("")]
    public void Find_WhenNoKnownPlace_ThenNull(string question)
    {
        PlacePhrases.Find(question, IsKnown).Should().BeNull();
    }

    [Theory]
    [InlineData("remind me in 2 hours")]
    [InlineData("what did I save in the morning")]
    [InlineData("notes from last week")]
    [InlineData("what did I save in December")]
    [InlineData("meeting at 9")]
    [InlineData("call mom at 5pm")]
    [InlineData("back in 10 minutes")]
    public void Find_WhenTimePhraseAndCheckAcceptsAnything_ThenStillNull(string question)
    {
        // Times never become candidates, even if the caller's check were too generous.
        PlacePhrases.Find(question, _ => true).Should().BeNull();
    }

    [Fact]
    public void Find_WhenNameIsWordOfLongerPhrase_ThenCheckAskedLongestFirst()
    {
        var asked = new List<string>();

        PlacePhrases.Find("photos from New York City yesterday", name =>
        {
            asked.Add(name);
            return false;
        });

        asked.Should().Equal("New York City", "New York", "New");
    }

    [Fact]
    public void Find_WhenNameSpansALineBreak_ThenOnlyTheFirstLineCounts()
    {
        var asked = new List<string>();

        PlacePhrases.Find("near the office\nbuy milk", name =>
        {
            asked.Add(name);
            return false;
        });

        asked.Should().Equal("office", "the office");
    }
}
