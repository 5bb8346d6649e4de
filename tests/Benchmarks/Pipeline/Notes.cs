using System.Diagnostics;

namespace MemoryAssistant.Benchmarks.Pipeline;

/// <summary>Senders and notes of realistic length (69–127 characters) for the load: statements, never questions or commands.</summary>
public static class Notes
{
    public static IReadOnlyList<string> Senders { get; } = Enumerable.Range(0, 8).Select(User).ToList();

    /// <summary>A distinct Portuguese mobile number per index.</summary>
    public static string User(int index) => $"+3519120{index:D5}";

    private static readonly string[] s_notes =
    [
        "Parked the car on level 3 of the Colombo garage, next to the blue pillar by the lifts",
        "The wifi password at my parents' place is on a sticker under the router, it starts with KX7",
        "Lent my cordless drill to Tomás from the second floor, he said he would bring it back after the weekend",
        "Dentist appointment went fine, Dr. Almeida wants to see me again in six months for a cleaning",
        "Maria recommended the book Project Hail Mary, she said the audiobook version is even better",
        "Paid the electricity bill for October, 84.30 euros, reference number ends in 5521",
        "The spare house key is with Dona Rosa in the bakery across the street",
        "Felt really tired after the gym today, maybe too many squats, should sleep earlier",
        "Ordered new running shoes, Asics Novablast 4 size 43, delivery expected next week",
        "Great dinner at Taberna da Rua das Flores with Inês and João, the octopus was amazing",
        "My passport expires in August 2027, renewal can be done at the Loja do Cidadão",
        "Changed the water filter in the fridge, the next one is due in about six months",
        "Ana's birthday party is at her sister's flat in Alvalade, bring the board game",
        "The plumber quoted 120 euros to fix the leaking kitchen tap, he can come on a weekday morning",
        "Started reading Thinking Fast and Slow, I am on chapter four about the lazy controller",
        "Kids' school meeting notes: field trip to the Oceanário, permission slip and 12 euros needed",
        "Blood pressure this morning 118 over 76, feeling good after the walk along the river",
        "Insurance policy for the car renews in March, current premium is 312 euros a year",
        "Bought olive oil, coffee beans, oat milk and a big bag of oranges at the market",
        "Idea for the garden: move the rosemary to the sunny corner and plant basil by the door",
    ];

    private static readonly string[] s_tails =
    [
        "", "", "", " #home", " #health", " — really happy about it", " — need to remember this", " #work", " (noted on the train)",
    ];

    public static string Next(Random random) =>
        s_notes[random.Next(s_notes.Length)] + s_tails[random.Next(s_tails.Length)];
}

/// <summary>A real JPEG made with ImageMagick, as the integration tests make theirs.</summary>
public static class Photo
{
    private const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

    public static async Task<byte[]> MakeAsync(string text, string gradient)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-photo-{Guid.NewGuid():N}.jpg");
        var start = new ProcessStartInfo("convert") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-size", "900x600", $"gradient:{gradient}", "-font", Font, "-fill", "black", "-pointsize", "72", "-annotate", "+60+320", text, "-quality", "92", path })
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("ImageMagick's convert is missing: run scripts/install-system-deps.sh (make setup does).", ex);
        }

        using (process)
        {
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"convert failed ({process.ExitCode}): {error}");
        }

        var bytes = await File.ReadAllBytesAsync(path);
        File.Delete(path);
        return bytes;
    }
}
