using System.Globalization;
using System.Text;
using MemoryAssistant.Domain.Memories;
using NodaTime;

namespace MemoryAssistant.TestSupport.Retrieval;

/// <summary>
/// Deterministic, realistic-looking memories for one person (notes, lists, photo captions with OCR text,
/// voice-note transcripts, places) and questions about them, for timing the memory engine at scale.
/// Lengths vary from a few words to long journal entries, as real notes do.
/// </summary>
public static class SyntheticMemories
{
    private static readonly string[] _people = ["Sam", "Priya", "Dev", "Jen", "Mom", "Dad", "Rita", "João", "Marta", "Alex", "Chris", "Nina", "Omar", "Lena", "Tom", "the landlord", "Dr. Okafor", "the plumber"];
    private static readonly string[] _places = ["Lake Merritt", "the office", "Trader Joe's", "Costco", "the airport", "Rockridge", "Berkeley Bowl", "the gym", "the library", "Grand Lake Theatre", "Jack London Square", "the farmers market", "Temescal", "SFO", "the coworking space", "Mom's place"];
    private static readonly string[] _foods = ["pasta carbonara", "ramen", "tacos al pastor", "pumpkin soup", "shakshuka", "pad thai", "green curry", "banana bread", "sourdough", "risotto", "burritos", "dumplings", "lasagna", "chili", "salmon with rice", "pho"];
    private static readonly string[] _groceries = ["milk", "oat milk", "eggs", "spinach", "pancetta", "parmesan", "tomatoes", "cilantro", "tortillas", "coffee beans", "bananas", "apples", "rice", "olive oil", "garlic", "onions", "butter", "yogurt", "bread", "chicken thighs", "tofu", "lemons", "avocados", "paper towels", "dish soap", "cat litter", "dog food", "sparkling water", "frozen peas", "pasta"];
    private static readonly string[] _tasks = ["renew the passport", "call the plumber about the kitchen tap", "book flights for Christmas", "pay the credit card", "return the Amazon package", "schedule the car service", "file the expense report", "cancel the gym trial", "send the invoice", "update the resume", "fix the bike tyre", "order new contact lenses", "back up the laptop", "pick up the dry cleaning", "buy a birthday card", "water the plants"];
    private static readonly string[] _work = ["sprint review", "pricing page", "Q1 roadmap", "onboarding flow", "SSO rollout", "billing migration", "design review", "quarterly planning", "customer interview", "incident postmortem", "hiring loop", "launch checklist", "performance review", "API deprecation", "data warehouse costs"];
    private static readonly string[] _health = ["knee is sore after the run", "slept badly again", "flu shot done", "dentist cleaning booked", "headache since lunch", "physio exercises twice a day", "blood test results are normal", "allergies are bad this week", "back pain from the desk chair", "ran 5K in 27 minutes", "yoga class was great", "started the antibiotics"];
    private static readonly string[] _travel = ["Tokyo in January", "Lisbon in the spring", "a weekend in Tahoe", "Portland for the wedding", "New York for work", "Mexico City with Sam", "the lake house in July", "Chicago for Thanksgiving"];
    private static readonly string[] _feelings = ["great", "fine", "tired but happy", "stressed", "really good", "a bit annoying", "worth it", "way too expensive", "better than expected"];
    private static readonly string[] _captions = ["New haircut!", "Biscuit at the beach", "Whiteboard from the meeting", "Receipt", "Sunset from the balcony", "Dinner tonight", "The broken tap", "Parking spot", "Concert ticket", "Sam's birthday cake", "Bookshelf assembled", "Menu at the new place", "Wi-Fi password", "Prescription", "Hike view"];
    private static readonly string[] _descriptions = ["A corgi running on a sandy beach", "A whiteboard covered in handwritten notes and arrows", "A plate of pasta on a wooden table", "A city skyline at dusk seen from a balcony", "A printed receipt on a kitchen counter", "A chocolate cake with lit candles", "A trail through tall redwood trees", "A concert stage with purple lights", "A person with a short haircut smiling at the camera"];
    private static readonly string[] _ocr = ["TOTAL 42.17 VISA ****4421 THANK YOU", "Q1 PRIORITIES 1. billing 2. SSO 3. onboarding", "Network: HatchWork-Guest Password: sunflower-2041", "LEVEL 3 SPOT C-14", "ROW F SEAT 12 DOORS 19:00", "Amoxicillin 500mg take 3 times daily for 7 days", "TODAY'S SPECIAL: ramen with chashu 14.50", "OPEN MON-FRI 8-6 SAT 9-1"];
    private static readonly string[] _streets = ["Telegraph Ave", "Piedmont Ave", "College Ave", "Broadway", "Grand Ave", "Shattuck Ave", "Valencia St", "Market St", "Lakeshore Ave", "4th St"];
    private static readonly string[] _spots = ["Commis", "Blue Bottle Coffee", "Redwood Regional Park", "Berkeley Bowl West", "Chapel of the Chimes", "Zachary's Pizza", "Fentons Creamery", "The Crucible", "Grand Lake Farmers Market", "Rockridge BART"];
    private static readonly string[] _fillers = ["uh", "um", "okay so", "and then", "you know", "I think", "like"];

    private static readonly string[] _questionTemplates =
    [
        "What did I plan for dinner?", "Where did I park?", "What's the wifi password?", "When is the dentist?", "What do I need from {place}?",
        "What did {person} say about the {work}?", "grocery list", "my {food} recipe", "the photo of the whiteboard", "show me the receipt from {place}",
        "voice note about the {work}", "How is my knee?", "What did I note about {travel}?", "flight details", "What should I buy for Mom?",
        "when do I {task}?", "notes about {person}", "{food}", "{work} notes", "Where was that place on {street}?",
        "what did {person} recommend", "hairstyle update", "things to do this weekend", "the plumbing problem", "how much was the car service",
    ];

    private static readonly string[] _timePhrases = [" last week", " yesterday", " in October", " last 3 days", " on Friday", " two weeks ago", " this month", " last month", " 17 Nov"];

    /// <summary>
    /// <paramref name="count"/> memories over the year before <paramref name="now"/>, oldest first.
    /// Same seed, same memories.
    /// </summary>
    public static IEnumerable<(MemoryKind Kind, string Content, Instant OccurredAt)> Generate(int count, Instant now, int seed = 20261124)
    {
        var random = new Random(seed);
        var span = Duration.FromDays(365).TotalSeconds;
        var offsets = Enumerable.Range(0, count).Select(_ => random.NextDouble() * span).OrderByDescending(s => s).ToList();
        foreach (var seconds in offsets)
        {
            var roll = random.Next(100);
            var (kind, content) = roll switch
            {
                < 45 => (MemoryKind.Text, Note(random)),
                < 55 => (MemoryKind.Text, ShoppingList(random)),
                < 70 => (MemoryKind.Image, Photo(random)),
                < 85 => (MemoryKind.Audio, VoiceNote(random)),
                < 95 => (MemoryKind.Location, Place(random)),
                _ => (MemoryKind.Text, Journal(random)),
            };
            yield return (kind, Trim(content), now - Duration.FromSeconds(seconds));
        }
    }

    /// <summary><paramref name="count"/> varied questions: topics from the same vocabulary, a third with a time phrase.</summary>
    public static IReadOnlyList<string> Questions(int count, int seed = 42)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => Fill(random, Pick(random, _questionTemplates)).TrimEnd('?') + (random.Next(3) == 0 ? Pick(random, _timePhrases) : ""))
            .ToList();
    }

    private static string Note(Random random) => random.Next(7) switch
    {
        0 => $"Dinner plan: {Pick(random, _foods)}, get {Pick(random, _groceries)} and {Pick(random, _groceries)} on the way home",
        1 => $"Need to {Pick(random, _tasks)} before {Pick(random, ["Friday", "the weekend", "the end of the month", "Christmas", "Monday"])}",
        2 => $"{Pick(random, _work)}: {Pick(random, _people)} wants to move it to next week. Follow up with {Pick(random, _people)} #work",
        3 => $"{Capitalise(Pick(random, _health))} #health",
        4 => $"Trip idea: {Pick(random, _travel)}. Budget around ${random.Next(3, 40) * 100}, ask {Pick(random, _people)} about dates",
        5 => $"{Pick(random, _people)} recommended {Pick(random, _foods)} at a place near {Pick(random, _places)}, {Pick(random, _feelings)}",
        _ => $"{Capitalise(Pick(random, _foods))} at {Pick(random, _places)} with {Pick(random, _people)}, {Pick(random, _feelings)}. {Sentence(random)}",
    };

    private static string ShoppingList(Random random) =>
        $"{Pick(random, ["Grocery list", "Costco run", "Trader Joe's", "Shopping", "Need"])}: {string.Join(", ", Enumerable.Range(0, random.Next(3, 14)).Select(_ => Pick(random, _groceries)).Distinct())}";

    private static string Photo(Random random)
    {
        var parts = new List<string>();
        if (random.Next(4) > 0)
            parts.Add(Pick(random, _captions));
        if (random.Next(3) == 0)
            parts.Add(Pick(random, _descriptions));
        if (random.Next(2) == 0)
            parts.Add($"Text in the photo: {Pick(random, _ocr)}");
        return parts.Count == 0 ? "Photo" : string.Join(" — ", parts);
    }

    private static string VoiceNote(Random random)
    {
        var words = new StringBuilder();
        var sentences = random.Next(1, 8);
        for (var i = 0; i < sentences; i++)
        {
            if (random.Next(3) == 0)
                words.Append(Pick(random, _fillers)).Append(' ');
            words.Append(Sentence(random).ToLowerInvariant().TrimEnd('.')).Append(' ');
        }

        var rough = random.Next(3) == 0;
        return $"Voice note{(rough ? " (rough transcript)" : "")}: {words.ToString().Trim()}";
    }

    private static string Place(Random random) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Pick(random, ["Great lunch spot", "Parked here", "Meet Sam here", "Good coffee and wifi", "Try the tacos", "Dog friendly"])} — 📍 {Pick(random, _spots)} — {random.Next(100, 6000)} {Pick(random, _streets)}, Oakland, CA — {37.75 + random.NextDouble() * 0.15:F5}, {-122.30 + random.NextDouble() * 0.15:F5}");

    private static string Journal(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(8, 40)).Select(_ => Sentence(random)));

    private static string Sentence(Random random) => random.Next(6) switch
    {
        0 => $"Remind me to {Pick(random, _tasks)}.",
        1 => $"Talked to {Pick(random, _people)} about the {Pick(random, _work)}.",
        2 => $"Made {Pick(random, _foods)} and it was {Pick(random, _feelings)}.",
        3 => $"Went to {Pick(random, _places)} with {Pick(random, _people)}.",
        4 => $"{Capitalise(Pick(random, _health))}.",
        _ => $"Thinking about {Pick(random, _travel)}.",
    };

    private static string Fill(Random random, string template) => template
        .Replace("{place}", Pick(random, _places), StringComparison.Ordinal)
        .Replace("{person}", Pick(random, _people), StringComparison.Ordinal)
        .Replace("{work}", Pick(random, _work), StringComparison.Ordinal)
        .Replace("{food}", Pick(random, _foods), StringComparison.Ordinal)
        .Replace("{travel}", Pick(random, _travel), StringComparison.Ordinal)
        .Replace("{task}", Pick(random, _tasks), StringComparison.Ordinal)
        .Replace("{street}", Pick(random, _streets), StringComparison.Ordinal);

    private static string Trim(string content) =>
        content.Length <= Memory.MaxContentLength ? content : content[..(Memory.MaxContentLength - 1)] + "…";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
