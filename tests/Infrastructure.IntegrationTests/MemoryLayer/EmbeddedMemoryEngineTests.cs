using System.Text;
using Dapper;
using MemoryAssistant.Application.Common.Interfaces;
using MemoryAssistant.Application.Common.Time;
using MemoryAssistant.Domain.Memories;
using MemoryAssistant.Infrastructure.IntegrationTests.Support;
using MemoryAssistant.Infrastructure.MemoryLayer.Embedded;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace MemoryAssistant.Infrastructure.IntegrationTests.MemoryLayer;

public sealed class EmbeddedMemoryEngineTests : IAsyncLifetime
{
    private static readonly Instant s_now = TestDatabase.DefaultNow;

    private TestDatabase _database = null!;
    private long _userId;
    private long _otherUserId;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _userId = await _database.AddUserAsync("+351912345678");
        _otherUserId = await _database.AddUserAsync("+14155550123", "America/Los_Angeles");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task RememberAsync_WhenWrittenThroughMemoryWriter_ThenIndexedAndLinkedToEmbeddedLayer()
    {
        var memory = await _database.RememberAsync(_userId, "Grocery list: milk, eggs #shopping", s_now);

        memory.LayerName.Should().Be(EmbeddedMemoryEngine.LayerName);
        memory.LayerMemoryId.Should().Be(memory.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        memory.SyncState.Should().Be(MemorySyncState.Synced);
        await using var connection = await _database.OpenReadAsync();
        (await connection.QuerySingleAsync<(string Content, string Tags)>("SELECT content, tags FROM memory_index WHERE rowid = @id", new { id = memory.Id }))
            .Should().Be(("Grocery list: milk, eggs #shopping", "shopping groceries"), "the user's tag, then the topic the tagger recognises");
    }

    [Fact]
    public async Task DeletingAMemoryRow_WhenDoneInSql_ThenTheTriggerRemovesItFromTheIndex()
    {
        var gone = await _database.RememberAsync(_userId, "Old parking spot: level 3, row F", s_now);
        var kept = await _database.RememberAsync(_userId, "New parking spot: level 1, row A", s_now);

        await using (var connection = await _database.OpenReadAsync())
            await connection.ExecuteAsync("DELETE FROM memories WHERE id = @id", new { id = gone.Id });

        (await _database.SearchAsync(_userId, ["parking"])).Select(h => h.MemoryId).Should().Equal(kept.Id);
        await using var check = await _database.OpenReadAsync();
        (await check.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_index WHERE rowid = @id", new { id = gone.Id })).Should().Be(0);
    }

    [Theory]
    [InlineData("Grocery list: milk, eggs", "groceries")]
    [InlineData("Need groceries for the weekend", "grocery")]
    [InlineData("Dinner plans for Thursday", "plan")]
    [InlineData("The plan for Thursday", "plans")]
    [InlineData("Planning the trip to Porto", "plans")]
    [InlineData("Meeting at the café by the river", "cafe")]
    [InlineData("BOOK CLUB picks Piranesi", "book")]
    public async Task SearchAsync_WhenTermIsAnotherFormOfAStoredWord_ThenFindsIt(string content, string term)
    {
        var memory = await _database.RememberAsync(_userId, content, s_now);
        await _database.RememberAsync(_userId, "Something else entirely", s_now);

        var hits = await _database.SearchAsync(_userId, [term]);

        hits.Select(h => h.MemoryId).Should().Equal(memory.Id);
    }

    [Fact]
    public async Task SearchAsync_WhenTermMatchesATag_ThenFindsIt()
    {
        var tagged = await _database.RememberAsync(_userId, "Milk and eggs", s_now, tags: ["Errands"]);
        await _database.RememberAsync(_userId, "Something else entirely", s_now);

        var hits = await _database.SearchAsync(_userId, ["errands"]);

        hits.Select(h => h.MemoryId).Should().Equal(tagged.Id);
    }

    [Fact]
    public async Task SearchAsync_WhenOneMemoryHasBothTerms_ThenItRanksAboveMemoriesWithOne()
    {
        await AddFillerAsync(_userId);
        var milkOnly = await _database.RememberAsync(_userId, "Buy milk on the way home", s_now.Plus(Duration.FromHours(2)));
        var both = await _database.RememberAsync(_userId, "Buy milk and eggs on the way home", s_now);
        var eggsOnly = await _database.RememberAsync(_userId, "Buy eggs on the way home", s_now.Plus(Duration.FromHours(1)));

        var hits = await _database.SearchAsync(_userId, ["milk", "eggs"]);

        hits.Should().HaveCount(3);
        hits[0].MemoryId.Should().Be(both.Id, "a memory with both terms is the best match even though it is the oldest");
        hits.Select(h => h.MemoryId).Should().BeEquivalentTo([milkOnly.Id, both.Id, eggsOnly.Id]);
    }

    [Fact]
    public async Task SearchAsync_WhenScored_ThenScoresInZeroToOneBestIsOneAndNonIncreasing()
    {
        await AddFillerAsync(_userId);
        await _database.RememberAsync(_userId, "Buy milk and eggs and bread", s_now);
        await _database.RememberAsync(_userId, "Buy milk", s_now);
        await _database.RememberAsync(_userId, "Some eggs were left in a long note about many other things entirely", s_now);

        var hits = await _database.SearchAsync(_userId, ["milk", "eggs", "bread"]);

        hits.Should().HaveCount(3);
        hits.Should().OnlyContain(h => h.Score > 0 && h.Score <= 1);
        hits[0].Score.Should().Be(1.0);
        hits.Select(h => h.Score).Should().BeInDescendingOrder();
        hits[^1].Score.Should().BeLessThan(1.0);
    }

    [Fact]
    public async Task SearchAsync_WhenOnlyOneHit_ThenItsScoreIsOne()
    {
        await AddFillerAsync(_userId);
        var only = await _database.RememberAsync(_userId, "Passport renewal form", s_now);

        var hits = await _database.SearchAsync(_userId, ["passport"]);

        hits.Should().Equal(new MemoryLayerHit(only.Id, 1.0));
    }

    [Fact]
    public async Task SearchAsync_WhenAnotherUserHasMatchingMemories_ThenTheyAreNeverReturned()
    {
        var mine = await _database.RememberAsync(_userId, "Wifi password at the cabin is pinecone42", s_now);
        var theirs = await _database.RememberAsync(_otherUserId, "Wifi password wifi password wifi password at the office", s_now.Plus(Duration.FromSeconds(5)));

        var myHits = await _database.SearchAsync(_userId, ["wifi", "password"]);
        var theirHits = await _database.SearchAsync(_otherUserId, ["wifi", "password", "cabin"]);
        var allHits = await _database.SearchAsync(null, ["wifi"]);

        myHits.Select(h => h.MemoryId).Should().Equal(mine.Id);
        theirHits.Select(h => h.MemoryId).Should().Equal(theirs.Id);
        allHits.Select(h => h.MemoryId).Should().BeEquivalentTo([mine.Id, theirs.Id], "no user means every user's memories");
        (await _database.SearchAsync(_userId + _otherUserId + 1000, ["wifi"])).Should().BeEmpty();
    }

    [Fact]
    public async Task SearchAsync_WhenIntervalGiven_ThenItIsAHalfOpenHardFilter()
    {
        var start = Instant.FromUtc(2026, 11, 9, 0, 0);
        var end = Instant.FromUtc(2026, 11, 16, 0, 0);
        var before = await _database.RememberAsync(_userId, "Dentist appointment", start.Minus(Duration.FromMilliseconds(1)));
        var atStart = await _database.RememberAsync(_userId, "Dentist appointment", start);
        var justBeforeEnd = await _database.RememberAsync(_userId, "Dentist", end.Minus(Duration.FromMilliseconds(1)));
        var atEnd = await _database.RememberAsync(_userId, "Dentist appointment dentist", end);
        var muchLater = await _database.RememberAsync(_userId, "Dentist dentist dentist", end.Plus(Duration.FromDays(3)));

        var hits = await _database.SearchAsync(_userId, ["dentist", "appointment"], new TimeInterval(start, end));

        hits.Select(h => h.MemoryId).Should().BeEquivalentTo([atStart.Id, justBeforeEnd.Id], "[start, end) includes start and excludes end");
        hits.Select(h => h.MemoryId).Should().NotContain([before.Id, atEnd.Id, muchLater.Id]);
        hits[0].Score.Should().Be(1.0, "scores are relative to the best hit inside the interval");
    }

    [Fact]
    public async Task SearchAsync_WhenMemoriesAreEquallyRelevant_ThenNewestFirst()
    {
        await AddFillerAsync(_userId);
        // Inserted so that neither id order nor insertion order matches time order.
        var middle = await _database.RememberAsync(_userId, "Call the plumber about the kitchen tap", s_now.Minus(Duration.FromDays(2)));
        var newest = await _database.RememberAsync(_userId, "Call the plumber about the kitchen tap", s_now);
        var oldest = await _database.RememberAsync(_userId, "Call the plumber about the kitchen tap", s_now.Minus(Duration.FromDays(9)));

        var hits = await _database.SearchAsync(_userId, ["plumber"]);

        hits.Select(h => h.MemoryId).Should().Equal(newest.Id, middle.Id, oldest.Id);
        hits.Should().OnlyContain(h => h.Score == 1.0, "equally relevant memories score the same");
    }

    [Fact]
    public async Task SearchAsync_WhenLimitIsSmallerThanMatches_ThenBestLimitReturned()
    {
        var memories = new List<Memory>();
        for (var i = 0; i < 5; i++)
            memories.Add(await _database.RememberAsync(_userId, "Water the plants", s_now.Plus(Duration.FromMinutes(i))));

        var hits = await _database.SearchAsync(_userId, ["plants"], limit: 2);

        hits.Select(h => h.MemoryId).Should().Equal(memories[4].Id, memories[3].Id);
    }

    public static TheoryData<string> FtsSyntax() =>
    [
        "\"", "\"\"", "\"milk", "milk\"", "*", "milk*", "NEAR(", "NEAR(milk eggs)", "NEAR", ")", "(", "-", "-milk", "milk -eggs",
        "AND", "OR", "NOT", "and", "milk AND", "OR milk", ":", "content:", "content:milk", "tags:", "{content tags}:milk", "^", "^milk",
        "+", "'", "''", "\\", "%", "_", ";", "; DROP TABLE memories; --", "🍕", "🍕🍺", "👩‍👩‍👧", "\u200b", "\t", "mi\"lk",
        "milk\" OR \"eggs", "memory_index", "rowid", "ı", "ß", "中文", "עברית", "\u00ad", "\ufeff", "\ud83c", "x\udf55", "\u0001", "\0", "milk\0eggs",
    ];

    [Theory]
    [MemberData(nameof(FtsSyntax))]
    public async Task SearchAsync_WhenTermLooksLikeFtsSyntax_ThenNeverThrows(string term)
    {
        await _database.RememberAsync(_userId, "Buy milk and eggs", s_now);

        var search = () => _database.SearchAsync(_userId, [term, "unrelated"]);
        var searchAlone = () => _database.SearchAsync(_userId, [term]);

        await search.Should().NotThrowAsync();
        await searchAlone.Should().NotThrowAsync();
    }

    [Theory]
    [InlineData("\"milk\"")]
    [InlineData("milk*")]
    [InlineData("-milk")]
    [InlineData("^milk")]
    [InlineData("(milk)")]
    [InlineData("MILK")]
    public async Task SearchAsync_WhenTermWrapsAWordInSyntax_ThenTheWordIsStillFound(string term)
    {
        var milk = await _database.RememberAsync(_userId, "Buy milk and eggs", s_now);
        await _database.RememberAsync(_userId, "Something else entirely", s_now);

        var hits = await _database.SearchAsync(_userId, [term]);

        hits.Select(h => h.MemoryId).Should().Equal(milk.Id);
    }

    [Theory]
    [InlineData("NEAR(milk eggs)")]
    [InlineData("milk OR")]
    [InlineData("content:milk")]
    public async Task SearchAsync_WhenTermIsFtsOperatorSyntax_ThenReadAsPlainPhraseNotOperator(string term)
    {
        await _database.RememberAsync(_userId, "Buy milk and eggs", s_now);

        // Read as syntax these would match "Buy milk and eggs"; read as a phrase they match nothing.
        var hits = await _database.SearchAsync(_userId, [term]);

        hits.Should().BeEmpty();
    }

    [Fact]
    public async Task SearchAsync_WhenTermsAreRandomUnicode_ThenNeverThrows()
    {
        await _database.RememberAsync(_userId, "Buy milk and eggs 🍕 café 中文", s_now);
        var random = new Random(20261120);
        var failures = new List<string>();

        for (var i = 0; i < 200; i++)
        {
            var terms = Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomUnicode(random)).ToList();
            try
            {
                await _database.SearchAsync(_userId, terms);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"[{string.Join(", ", terms.Select(Escape))}] → {e.GetType().Name}: {e.Message}");
            }
        }

        failures.Should().BeEmpty("no user input may break the FTS5 query");
    }

    [Fact]
    public async Task SearchAsync_WhenTermsAreEmptyOrBlank_ThenNoHitsAndNoError()
    {
        await _database.RememberAsync(_userId, "Buy milk and eggs", s_now);

        (await _database.SearchAsync(_userId, [])).Should().BeEmpty();
        (await _database.SearchAsync(_userId, ["", "  ", "\t"])).Should().BeEmpty();
    }

    [Fact]
    public async Task DeleteAsync_WhenMemoryDeleted_ThenNoLongerFound()
    {
        var keep = await _database.RememberAsync(_userId, "Book club picks Piranesi", s_now);
        var gone = await _database.RememberAsync(_userId, "Book flights for Christmas", s_now.Plus(Duration.FromSeconds(1)));
        (await _database.SearchAsync(_userId, ["book"])).Select(h => h.MemoryId).Should().BeEquivalentTo([keep.Id, gone.Id]);

        await using (var scope = _database.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IMemoryIndex>().DeleteAsync(gone.Id, CancellationToken.None);

        (await _database.SearchAsync(_userId, ["book"])).Select(h => h.MemoryId).Should().Equal(keep.Id);
        (await _database.SearchAsync(_userId, ["flights", "christmas"])).Should().BeEmpty();
        await using var connection = await _database.OpenReadAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_index WHERE rowid = @id", new { id = gone.Id })).Should().Be(0);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memories WHERE id = @id", new { id = gone.Id }))
            .Should().Be(1, "the layer only forgets the searchable form; our database is the source of truth");
    }

    [Fact]
    public async Task AddAsync_WhenSameMemoryIdAddedAgain_ThenNotDuplicatedAndLatestContentWins()
    {
        var memory = await _database.RememberAsync(_userId, "Dentist on Friday at 3pm", s_now);
        await using (var scope = _database.CreateScope())
        {
            var layer = scope.ServiceProvider.GetRequiredService<IMemoryIndex>();
            var again = new MemoryToIndex(memory.Id, _userId, memory.Kind, memory.Content, [], memory.OccurredAt);
            (await layer.AddAsync(again, CancellationToken.None)).Should().Be(memory.LayerMemoryId);
            await layer.AddAsync(again, CancellationToken.None);
        }

        (await _database.SearchAsync(_userId, ["dentist"])).Select(h => h.MemoryId).Should().Equal(memory.Id);
        await using (var connection = await _database.OpenReadAsync())
            (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_index WHERE rowid = @id", new { id = memory.Id })).Should().Be(1);

        await using (var scope = _database.CreateScope())
        {
            var layer = scope.ServiceProvider.GetRequiredService<IMemoryIndex>();
            await layer.AddAsync(new MemoryToIndex(memory.Id, _userId, memory.Kind, "Dentist moved to Monday", ["health"], memory.OccurredAt), CancellationToken.None);
        }

        (await _database.SearchAsync(_userId, ["friday"])).Should().BeEmpty("the old text is replaced, not kept beside the new one");
        (await _database.SearchAsync(_userId, ["monday"])).Select(h => h.MemoryId).Should().Equal(memory.Id);
        (await _database.SearchAsync(_userId, ["health"])).Select(h => h.MemoryId).Should().Equal(memory.Id);
    }

    [Fact]
    public async Task AddAsync_WhenABatchIsAdded_ThenEachIsIndexedOnceForItsOwnerAndIdsComeBackInOrder()
    {
        var dentist = await _database.RememberAsync(_userId, "Dentist on Friday at 3pm", s_now);
        var parking = await _database.RememberAsync(_userId, "Parked on level 3, row F", s_now);
        var theirs = await _database.RememberAsync(_otherUserId, "Dentist appointment moved", s_now);
        MemoryToIndex[] batch =
        [
            new(dentist.Id, _userId, dentist.Kind, "Dentist moved to Monday", ["health"], dentist.OccurredAt),
            new(parking.Id, _userId, parking.Kind, parking.Content, [], parking.OccurredAt),
            new(theirs.Id, _otherUserId, theirs.Kind, theirs.Content, [], theirs.OccurredAt),
        ];

        bool localVectors;
        await using (var scope = _database.CreateScope())
        {
            var layer = scope.ServiceProvider.GetRequiredService<IMemoryIndex>();
            (await layer.AddAsync(batch, CancellationToken.None)).Should().Equal(dentist.LayerMemoryId, parking.LayerMemoryId, theirs.LayerMemoryId);
            localVectors = scope.ServiceProvider.GetRequiredService<MemoryEmbeddings>() is { Enabled: true, IsLocal: true };
        }

        (await _database.SearchAsync(_userId, ["friday"])).Should().BeEmpty("the batch replaces the old text");
        (await _database.SearchAsync(_userId, ["monday"])).Select(h => h.MemoryId).Should().Equal(dentist.Id);
        (await _database.SearchAsync(_userId, ["dentist"])).Select(h => h.MemoryId).Should().Equal(dentist.Id);
        (await _database.SearchAsync(_otherUserId, ["dentist"])).Select(h => h.MemoryId).Should().Equal(theirs.Id);
        (await _database.SearchAsync(_userId, ["parked"])).Select(h => h.MemoryId).Should().Equal(parking.Id);
        await using var connection = await _database.OpenReadAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_index")).Should().Be(3);
        (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM memory_vectors")).Should().Be(localVectors ? 3 : 0, "one vector per memory, replaced rather than added");
    }

    private async Task AddFillerAsync(long userId)
    {
        // Enough unrelated memories that BM25's IDF is positive for the words under test.
        string[] filler =
        [
            "Mum's birthday is on the 3rd", "New haircut, keep the fringe", "Launch moves to 1 Dec", "Try the prego sandwich",
            "Renew the car insurance", "Ana owns the release notes",
        ];
        foreach (var text in filler)
            await _database.RememberAsync(userId, text, s_now.Minus(Duration.FromDays(30)));
    }

    private static string RandomUnicode(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 12);
        for (var i = 0; i < length; i++)
        {
            var pick = random.Next(10);
            int codePoint;
            if (pick < 3)
                codePoint = "\"*():^-+{}'\\ ~.,;"[random.Next(17)];
            else if (pick < 5)
                codePoint = random.Next(0x20, 0x7F);
            else if (pick < 6)
                codePoint = random.Next(0x0, 0x20);
            else if (pick < 8)
                codePoint = random.Next(0x80, 0xD800);
            else
                codePoint = random.Next(0xE000, 0x110000);
            builder.Append(char.ConvertFromUtf32(codePoint));
        }

        if (random.Next(8) == 0)
            builder.Append(random.Next(2) == 0 ? " NEAR(" : " OR ");
        return builder.ToString();
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
