using System.Globalization;
using System.Text;
using MemoryAssistant.Infrastructure.Embeddings;
using Microsoft.Data.Sqlite;

namespace MemoryAssistant.Infrastructure.IntegrationTests.Embeddings;

public sealed class TextTokensTests
{
    [Theory]
    [InlineData("Remember to buy MILK, eggs & bread!", new[] { "remember", "to", "buy", "milk", "eggs", "bread" })]
    [InlineData("Café crème at Zoë's — naïve façade", new[] { "cafe", "creme", "at", "zoe", "naive", "facade" })]
    [InlineData("ÅNGSTRÖM Ærø straße Łódź", new[] { "angstrom", "ærø", "straße", "łodz" })]
    [InlineData("e-mail the vet@clinic.com re: 2nd dose 10:30", new[] { "e", "mail", "the", "vet", "clinic", "com", "re", "2nd", "dose", "10", "30" })]
    [InlineData("🍝 pasta🍕pizza", new[] { "pasta", "pizza" })]
    [InlineData("   ", new string[0])]
    [InlineData("", new string[0])]
    public void Words_WhenText_ThenLowerCaseFoldedWordsInOrder(string text, string[] expected)
    {
        TextTokens.Words(text).Should().Equal(expected);
    }

    [Theory]
    [InlineData("don't", new[] { "dont" })]
    [InlineData("I CAN’T find it", new[] { "i", "cant", "find", "it" })]
    [InlineData("O'Neill's haircut", new[] { "oneill", "haircut" })]
    [InlineData("mum's birthday", new[] { "mum", "birthday" })]
    [InlineData("we'll meet, she'd come, I'm in, you're out, we've got", new[] { "we", "meet", "she", "come", "i", "in", "you", "out", "we", "got" })]
    [InlineData("rock'n'roll", new[] { "rocknroll" })]
    [InlineData("'quoted' words' end", new[] { "quoted", "words", "end" })]
    [InlineData("donʼt", new[] { "dont" })]
    public void Words_WhenApostrophes_ThenJoinedExceptEnglishClitics(string text, string[] expected)
    {
        TextTokens.Words(text).Should().Equal(expected);
    }

    [Fact]
    public void Words_WhenDecomposedDiacritics_ThenSameAsComposed()
    {
        var decomposed = "Cafe\u0301 cre\u0300me bru\u0302le\u0301e";

        TextTokens.Words(decomposed).Should().Equal(TextTokens.Words("Café crème brûlée")).And.Equal("cafe", "creme", "brulee");
    }

    [Fact]
    public void Words_WhenTextLongerThanTheStackBuffer_ThenEveryWord()
    {
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => "Wörd" + i.ToString(CultureInfo.InvariantCulture)));

        var words = TextTokens.Words(text);

        words.Should().HaveCount(200);
        words[199].Should().Be("word199");
    }

    [Fact]
    public void FoldWord_WhenHyphenatedAccentedWord_ThenFoldedKeepingTheHyphen()
    {
        TextTokens.FoldWord("Café-Crème").Should().Be("cafe-creme");
    }

    [Fact]
    public void Words_WhenComparedWithSqliteUnicode61RemoveDiacritics2_ThenSameWordsForLatinGreekAndCyrillic()
    {
        // Each code point between two letters, "q{c}z": a separator splits, a letter folds, a mark vanishes.
        var codePoints = Ranges((0x20, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x1E00, 0x1EFF), (0x2000, 0x206F))
            .Where(cp => !KnownDifferences.Contains(cp) && CharUnicodeInfo.GetUnicodeCategory(cp) != UnicodeCategory.OtherNotAssigned)
            .Where(cp => CharUnicodeInfo.GetUnicodeCategory(cp) != UnicodeCategory.NonSpacingMark || CommonMarks.Contains(cp))
            .ToList();
        var documents = codePoints.Select(cp => "q" + char.ConvertFromUtf32(cp) + "z")
            .Concat(Sentences)
            .ToList();

        var sqlite = SqliteTokens(documents);

        var differences = documents
            .Select((text, i) => (text, mine: string.Join('|', TextTokens.Words(text)), sqlite: sqlite[i]))
            .Where(d => d.mine != d.sqlite)
            .Select(d => $"{Describe(d.text)}: mine {d.mine}, sqlite {d.sqlite}")
            .ToList();
        differences.Should().BeEmpty();
        codePoints.Should().HaveCountGreaterThan(1200);
    }

    private static readonly string[] Sentences =
    [
        "Crème brûlée at the Café Zoë, naïve façade",
        "ÅNGSTRÖM Ærø straße İstanbul ΆΘΗΝΑ Москва Ёлка",
        "Cafe\u0301 decomposed, ǅemal and ﬁne ligatures",
        "e-mail vet@clinic.com 10:30 2nd",
    ];

    // Combining marks that fold away in both (acute, grave, circumflex, tilde, macron, breve, dot, diaeresis,
    // ring, double acute, caron, cedilla, ogonek). Rarer marks are left out: SQLite treats some as separators.
    private static readonly HashSet<int> CommonMarks = [0x300, 0x301, 0x302, 0x303, 0x304, 0x306, 0x307, 0x308, 0x30A, 0x30B, 0x30C, 0x327, 0x328];

    // Where this tokenizer and SQLite's knowingly differ (see TextTokens' remarks).
    private static readonly HashSet<int> KnownDifferences =
    [
        '\'', '\u2019', '\u02BC', // apostrophes join words here, FTS5 splits at them
        0x1E0, 0x1E1, 0x1E9B, // SQLite leaves ǡ Ǡ ẛ unfolded
        0x37F, 0x2066, 0x2067, 0x2068, 0x2069, // assigned by Unicode after SQLite's tables
    ];

    private static IEnumerable<int> Ranges(params (int First, int Last)[] ranges) =>
        ranges.SelectMany(r => Enumerable.Range(r.First, r.Last - r.First + 1));

    private static string Describe(string text) =>
        text.Length == 3 ? $"U+{char.ConvertToUtf32(text, 1):X4} in \"{text}\"" : $"\"{text}\"";

    private static List<string> SqliteTokens(List<string> documents)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');
                """;
            create.ExecuteNonQuery();
        }

        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO t(rowid, x) VALUES ($id, $x)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var x = insert.Parameters.Add("$x", SqliteType.Text);
            for (var i = 0; i < documents.Count; i++)
            {
                id.Value = i;
                x.Value = documents[i];
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var tokens = documents.Select(_ => new StringBuilder()).ToList();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT doc, term FROM v ORDER BY doc, offset";
        using var reader = query.ExecuteReader();
        while (reader.Read())
        {
            var builder = tokens[reader.GetInt32(0)];
            builder.Append(builder.Length > 0 ? "|" : "").Append(reader.GetString(1));
        }

        return tokens.Select(b => b.ToString()).ToList();
    }
}
