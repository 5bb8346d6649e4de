namespace MemoryAssistant.Infrastructure.MemoryLayer.Embedded;

/// <summary>
/// Builds FTS5 MATCH expressions from plain words. Every word is a quoted string, so user input can never
/// be read as FTS5 syntax (<c>NEAR(</c>, <c>*</c>, <c>-</c>, <c>"</c>, column filters).
/// </summary>
public static class FtsQuery
{
    /// <summary>Matches memories containing any of the terms (BM25 ranks those with more of them first).</summary>
    public static string? AnyOf(IEnumerable<string> terms)
    {
        var quoted = terms
            // FTS5's parser stops at NUL, which would leave a quoted term open: control characters go.
            .Select(t => new string(t.Where(c => !char.IsControl(c)).ToArray()).Trim())
            .Where(t => t.Length > 0)
            .Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"")
            .ToList();
        return quoted.Count == 0 ? null : string.Join(" OR ", quoted);
    }
}
