namespace MemoryAssistant.Infrastructure.Moods;

/// <summary>
/// The hand-written half of <see cref="LexiconMoodAnalyzer"/>: which words, phrases and emoji name one of
/// <see cref="Domain.Memories.Mood.Emotions"/>, the valences AFINN-165 lacks or gets wrong for saved notes, and the
/// words that negate, boost or soften their neighbours. Terms are written as people type them; apostrophes are
/// dropped when the tables are built, as they are from the text ("can't wait" matches "cant wait").
/// </summary>
internal static class EmotionLexicon
{
    /// <summary>A cue's weight when none is given: a word that plainly names the emotion.</summary>
    public const double DefaultWeight = 1.0;

    /// <summary>
    /// Emotion cues: "term" or "term|weight". Weight 1 names the emotion; below 1 hints at it ("deadline" is stress
    /// only when the note is negative anyway); above 1 shouts it. General praise and complaints ("great",
    /// "terrible") only hint at joy and disappointment: weighted at the analyzer's minimum, an evaluation alone still
    /// gets a label, and any emotion named outright beats it.
    /// </summary>
    public static readonly (string Emotion, string[] Terms)[] Cues =
    [
        ("joy",
        [
            "happy", "happier", "happiest", "happiness", "glad", "joy", "joyful", "delighted", "cheerful", "elated",
            "overjoyed", "ecstatic|1.5", "over the moon|1.5", "fun", "funny", "hilarious", "laughed",
            "laughing", "laugh", "lol", "haha", "hahaha", "lmao", "smiling", "smile", "smiled",
            "made my day|1.5", "good day", "great day", "lovely day", "best day", "best birthday", "best weekend",
            "best time", "great time", "good time", "had a blast|1.5", "enjoyed", "enjoy", "enjoying", "feeling good",
            "feel good", "felt good", "good mood", "great mood", "cheered up", "delight", "in heaven",
            "great|0.5", "amazing|0.5", "awesome|0.5", "wonderful|0.5", "fantastic|0.5", "lovely|0.5", "nice|0.5",
            "beautiful|0.5", "brilliant|0.5", "perfect|0.5", "best|0.5", "good|0.5", "incredible|0.5",
        ]),
        ("gratitude",
        [
            "grateful|1.5", "thankful|1.5", "thanks", "thank", "thank you", "thx", "thanks to|1.5",
            "appreciate|1.5", "appreciated|1.5", "appreciative", "gratitude|1.5", "blessed", "feeling blessed|1.5",
            "lucky|0.7", "lucky to have", "kind of her", "kind of him", "kind of you", "kind of them",
            "kind of everyone", "shoutout",
        ]),
        ("love",
        [
            "love", "loved", "loving", "adore", "adored", "in love|1.5", "crush", "romantic", "darling", "sweetheart",
            "cuddle", "cuddles", "hug", "hugs", "kiss", "kissed", "date night", "like him", "like her",
            "i like him", "i like her", "love you", "love him", "love her", "love them",
        ]),
        ("excitement",
        [
            "excited|1.5", "exciting", "excitement", "thrilled|1.5", "can't wait|1.5", "cannot wait|1.5",
            "looking forward", "pumped", "hyped", "stoked", "eager", "counting down", "psyched",
            "woohoo", "yay", "yippee",
        ]),
        ("calm",
        [
            "calm", "calmer", "relaxed", "relaxing", "relax", "peaceful", "peace", "serene", "chill", "chilled",
            "chilling", "cosy", "cozy", "quiet|0.5", "lazy morning", "lazy sunday", "lazy day", "lazy afternoon",
            "no rush", "at ease", "rested", "well rested", "slept well", "meditated", "meditation", "mindful",
            "bliss", "unwind", "unwinding", "zen", "breathe",
        ]),
        ("pride",
        [
            "proud|1.5", "pride", "accomplished", "achievement", "achieved", "nailed", "nailed it", "smashed it",
            "crushed it", "aced", "passed my", "passed the exam", "passed the test", "promotion", "promoted",
            "personal best", "first try", "made it", "did it", "well done", "great feedback",
            "good feedback", "praised", "complimented", "worked so hard", "worked hard", "hard work", "paid off",
            "finally finished", "finished the", "earned",
        ]),
        ("sadness",
        [
            "sad", "sadder", "saddest", "sadness", "unhappy", "feeling down", "feel down", "felt down", "depressed",
            "depressing", "miss her", "miss him", "miss you", "miss them", "miss my", "miss home", "missing her",
            "missing him", "missing home", "miss|0.5", "missing|0.5", "lonely", "alone|0.5", "homesick",
            "heartbroken|1.5", "broke my heart|1.5", "cried", "crying", "cry", "tears", "tearful", "grief",
            "grieving", "funeral", "passed away|1.5", "put down", "gloomy", "upset|0.7", "hurt|0.7",
            "devastated|1.5", "miserable", "bad news", "sad news", "terrible news", "awful news", "empty|0.5",
            "gutted|0.7",
        ]),
        ("anger",
        [
            "angry", "anger", "furious|1.5", "fuming|1.5", "livid|1.5", "mad", "pissed", "pissed off", "annoyed",
            "annoying", "irritated", "irritating", "frustrated", "frustrating", "frustration", "rage", "hate",
            "hated", "fed up", "sick of", "had enough", "argued", "argument", "fight", "ran out of patience|1.5",
            "ridiculous", "outrageous", "unacceptable", "rude", "idiot|0.5", "stupid|0.5", "ugh|0.5", "on hold|0.3",
            "can't stand",
        ]),
        ("fear",
        [
            "scared", "afraid", "fear", "frightened", "terrified|1.5", "worried", "worry", "worrying", "anxious",
            "anxiety", "nervous", "panic", "panic attack|1.5", "dread", "dreading", "uneasy", "freaking out",
            "freaked out", "scary",
        ]),
        ("stress",
        [
            "stressed", "stressed out|1.5", "stress", "stressful", "stressing", "overwhelmed|1.5", "overwhelming",
            "swamped", "too much", "so much to do", "pressure", "deadline|0.5", "deadlines|0.7", "hectic", "rushed",
            "rushing", "no time", "can't keep up", "chaos", "chaotic", "crazy busy", "busy|0.3", "juggling", "tense",
            "on edge", "overloaded", "too many",
        ]),
        ("tiredness",
        [
            "tired", "exhausted|1.5", "exhausting", "exhaustion", "knackered|1.5", "drained", "wrecked",
            "shattered", "sleepy", "burnt out|1.5", "burned out|1.5", "burnout|1.5", "no sleep", "couldn't sleep",
            "didn't sleep", "can't sleep", "insomnia", "up all night", "all night|0.5", "long day|0.7", "worn out",
            "fatigue", "fatigued", "need a nap", "need sleep", "need a holiday",
        ]),
        ("disappointment",
        [
            "disappointed|1.5", "disappointing|1.5", "disappointment|1.5", "let down", "letdown", "bummed", "bummer",
            "shame", "what a shame", "pity", "too bad", "regret", "didn't work out", "failed", "fail", "failure",
            "rejected", "rejection", "cancelled|0.5", "canceled|0.5", "fell through", "waste of", "wasted",
            "underwhelming", "not good", "terrible|0.5", "awful|0.5", "horrible|0.5", "bad|0.5", "worst|0.5", "badly|0.5",
        ]),
        ("surprise",
        [
            "surprise", "surprised", "surprising", "what a surprise|1.5", "unexpected", "unexpectedly",
            "didn't expect", "out of nowhere", "can't believe", "cannot believe", "shocked", "shock", "wow|0.5",
            "omg", "of all places", "bumped into",
        ]),
    ];

    /// <summary>
    /// Valences that win over AFINN-165: mood words it lacks (its list predates "knackered", "burnt out", "can't
    /// wait"), phrases whose words mislead alone ("no rush", "kind of her"), surprises (mildly pleasant in personal
    /// notes), and the words AFINN scores that in saved notes are instructions or labels rather than feelings
    /// ("pay the bill", "please call", "top shelf", "free parking"), which are zero here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> Valences = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        // Negative mood words and phrases AFINN-165 lacks.
        ["stressful"] = -2, ["stressing"] = -2, ["stressed out"] = -3, ["overwhelmed"] = -2, ["overwhelming"] = -2,
        ["swamped"] = -2, ["knackered"] = -2, ["wrecked"] = -2, ["exhausting"] = -2, ["exhaustion"] = -2,
        ["burnt out"] = -2, ["burned out"] = -2, ["burnout"] = -2, ["worn out"] = -2, ["sleepy"] = -1,
        ["no sleep"] = -2, ["couldn't sleep"] = -2, ["can't sleep"] = -2, ["didn't sleep"] = -2, ["insomnia"] = -2,
        ["up all night"] = -1, ["long day"] = -1, ["need a nap"] = -1, ["need sleep"] = -1, ["meh"] = -1,
        ["can't keep up"] = -2, ["too much"] = -1, ["so much to do"] = -1, ["had enough"] = -2, ["sick of"] = -2,
        ["ran out of patience"] = -2, ["let down"] = -2, ["letdown"] = -2, ["bummed"] = -2, ["bummer"] = -2,
        ["feeling down"] = -2, ["feel down"] = -2, ["felt down"] = -2, ["gutted"] = -2, ["tearful"] = -2,
        ["hectic"] = -1, ["rushed"] = -1, ["argued"] = -2, ["argument"] = -2, ["panic attack"] = -3,
        ["underwhelming"] = -2, ["didn't work out"] = -2, ["fell through"] = -2, ["passed away"] = -3,
        ["put down"] = -2, ["bad news"] = -3, ["sad news"] = -3, ["pissed"] = -3, ["pissed off"] = -3,
        ["on edge"] = -2, ["overloaded"] = -2, ["crazy busy"] = -2,

        // Positive mood words and phrases AFINN-165 lacks.
        ["blessed"] = 2, ["yay"] = 2, ["woohoo"] = 3, ["yippee"] = 3, ["stoked"] = 3, ["pumped"] = 2, ["psyched"] = 2,
        ["hyped"] = 2, ["can't wait"] = 3, ["cannot wait"] = 3, ["looking forward"] = 2, ["counting down"] = 1,
        ["made my day"] = 3, ["had a blast"] = 3, ["over the moon"] = 4, ["cosy"] = 2, ["cozy"] = 2, ["chill"] = 1,
        ["chilled"] = 1, ["chilling"] = 1, ["relax"] = 2, ["relaxing"] = 2, ["no rush"] = 1, ["lazy morning"] = 1,
        ["lazy sunday"] = 1, ["lazy day"] = 1, ["lazy afternoon"] = 1, ["at ease"] = 2, ["rested"] = 2,
        ["well rested"] = 2, ["slept well"] = 2, ["meditated"] = 1, ["meditation"] = 1, ["unwind"] = 1,
        ["unwinding"] = 1, ["zen"] = 1, ["incredible"] = 3, ["legend"] = 2, ["romantic"] = 2, ["cuddle"] = 2,
        ["cuddles"] = 2, ["appreciative"] = 2, ["gratitude"] = 2, ["thank you"] = 2, ["thanks to"] = 2,
        ["kind of her"] = 2, ["kind of him"] = 2, ["kind of you"] = 2, ["kind of them"] = 2, ["kind of everyone"] = 2,
        ["achievement"] = 2, ["achieved"] = 2, ["pride"] = 2, ["aced"] = 3, ["nailed"] = 3, ["nailed it"] = 3,
        ["smashed it"] = 3, ["crushed it"] = 3, ["promotion"] = 2, ["personal best"] = 3, ["passed my"] = 2,
        ["passed the exam"] = 2, ["passed the test"] = 2, ["well done"] = 2, ["worked hard"] = 1,
        ["worked so hard"] = 1, ["hard work"] = 1, ["paid off"] = 2, ["first try"] = 1, ["like him"] = 2,
        ["like her"] = 2, ["i like him"] = 2, ["i like her"] = 2,

        // Surprises: in personal notes mostly pleasant, so mildly positive.
        ["surprise"] = 1, ["surprised"] = 1, ["surprising"] = 1, ["what a surprise"] = 2, ["unexpected"] = 1,
        ["unexpectedly"] = 1, ["omg"] = 1, ["bumped into"] = 1,

        // Scored by AFINN, but in saved notes instructions and labels, not feelings.
        ["pay"] = 0, ["please"] = 0, ["top"] = 0, ["free"] = 0, ["care"] = 0, ["help"] = 0, ["matter"] = 0,
        ["want"] = 0, ["share"] = 0, ["save"] = 0, ["important"] = 0, ["interest"] = 0, ["charged"] = 0,
        ["block"] = 0, ["blocked"] = 0, ["cut"] = 0, ["cuts"] = 0, ["clean"] = 0, ["clear"] = 0, ["dear"] = 0,
        ["agree"] = 0, ["accept"] = 0, ["urgent"] = 0, ["alert"] = 0, ["grand"] = 0, ["feel like"] = 0,
        ["feels like"] = 0, ["looks like"] = 0, ["look like"] = 0, ["something like"] = 0, ["kind of"] = 0,
        ["sort of"] = 0, ["a bit"] = 0, ["a little"] = 0,
    };

    /// <summary>Emoji (variation selectors dropped) with a valence on AFINN's -5..5 scale and an optional emotion.</summary>
    public static readonly IReadOnlyDictionary<string, (double Valence, string? Emotion)> Emoji =
        new Dictionary<string, (double, string?)>(StringComparer.Ordinal)
        {
            ["😀"] = (2, "joy"), ["😃"] = (2, "joy"), ["😄"] = (2, "joy"), ["😁"] = (2, "joy"), ["😆"] = (2, "joy"),
            ["😂"] = (2, "joy"), ["🤣"] = (2, "joy"), ["😊"] = (2, "joy"), ["☺"] = (2, "joy"), ["😎"] = (2, "joy"),
            ["🙂"] = (1, null), ["😉"] = (1, null), ["😇"] = (2, null), ["🥲"] = (1, null), ["😅"] = (1, null),
            ["🥰"] = (3, "love"), ["😍"] = (3, "love"), ["😘"] = (2, "love"), ["😻"] = (2, "love"), ["🤗"] = (2, "love"),
            ["❤"] = (3, "love"), ["♥"] = (2, "love"), ["🧡"] = (2, "love"), ["💛"] = (2, "love"), ["💚"] = (2, "love"),
            ["💙"] = (2, "love"), ["💜"] = (2, "love"), ["🤍"] = (2, "love"), ["💕"] = (3, "love"), ["💖"] = (3, "love"),
            ["💗"] = (3, "love"), ["💞"] = (3, "love"), ["💓"] = (3, "love"), ["💘"] = (3, "love"), ["💝"] = (2, "love"),
            ["💑"] = (2, "love"), ["💏"] = (2, "love"), ["💍"] = (2, "love"), ["🌹"] = (1, "love"),
            ["🙏"] = (2, "gratitude"),
            ["🎉"] = (3, "excitement"), ["🥳"] = (3, "excitement"), ["🎊"] = (3, "excitement"), ["🤩"] = (3, "excitement"),
            ["🍾"] = (2, "excitement"), ["🥂"] = (2, "joy"),
            ["😌"] = (2, "calm"), ["🧘"] = (1, "calm"),
            ["💪"] = (2, "pride"), ["🏆"] = (2, "pride"), ["🥇"] = (2, "pride"), ["🎓"] = (2, "pride"), ["👏"] = (2, null),
            ["👍"] = (1, null), ["👌"] = (1, null), ["✨"] = (1, null), ["⭐"] = (1, null), ["🌈"] = (1, null),
            ["☀"] = (1, null), ["🌞"] = (2, "joy"), ["🤞"] = (1, null),
            ["😴"] = (-1, "tiredness"), ["🥱"] = (-1, "tiredness"), ["😪"] = (-1, "tiredness"), ["😩"] = (-2, "tiredness"),
            ["😫"] = (-2, "tiredness"),
            ["😭"] = (-3, "sadness"), ["😢"] = (-2, "sadness"), ["😿"] = (-2, "sadness"), ["😔"] = (-2, "sadness"),
            ["☹"] = (-2, "sadness"), ["🙁"] = (-2, "sadness"), ["💔"] = (-3, "sadness"), ["🥺"] = (-1, "sadness"),
            ["😞"] = (-2, "disappointment"), ["😒"] = (-1, "disappointment"), ["😕"] = (-1, "disappointment"),
            ["😟"] = (-2, "fear"), ["😰"] = (-2, "fear"), ["😨"] = (-2, "fear"), ["😱"] = (-2, "fear"), ["😧"] = (-2, "fear"),
            ["😡"] = (-3, "anger"), ["🤬"] = (-4, "anger"), ["😠"] = (-3, "anger"), ["😤"] = (-2, "anger"), ["🙄"] = (-1, "anger"),
            ["😬"] = (-1, "stress"), ["😓"] = (-1, "stress"), ["😵"] = (-1, "stress"),
            ["😮"] = (1, "surprise"), ["😲"] = (1, "surprise"), ["😯"] = (1, "surprise"), ["😳"] = (0, "surprise"),
            ["🤯"] = (0, "surprise"),
            ["🤒"] = (-2, null), ["🤢"] = (-2, null), ["🤮"] = (-2, null), ["🤕"] = (-2, null), ["😷"] = (-1, null),
        };

    /// <summary>ASCII emoticons, read as the emoji they stand for.</summary>
    public static readonly (string Emoticon, string Emoji)[] Emoticons =
    [
        (":-)", "🙂"), (":)", "🙂"), (":-D", "😄"), (":D", "😄"), (";-)", "😉"), (";)", "😉"),
        (":'(", "😢"), (":-(", "🙁"), (":(", "🙁"), ("<3", "❤"),
    ];

    /// <summary>Words that turn the next feeling within three words around ("not happy", "never again").</summary>
    public static readonly IReadOnlySet<string> Negators = new HashSet<string>(StringComparer.Ordinal)
    {
        "not", "no", "never", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "cant", "cannot",
        "couldnt", "wont", "wouldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint", "neither", "nor", "nothing",
        "nobody", "none", "nowhere", "without",
    };

    /// <summary>After "never", these turn the negation into emphasis: "never been so happy".</summary>
    public static readonly IReadOnlySet<string> NeverEmphasis = new HashSet<string>(StringComparer.Ordinal) { "so", "this", "that", "as" };

    /// <summary>Words that strengthen (factor above 1) or soften (below 1) the feeling they precede.</summary>
    public static readonly IReadOnlyDictionary<string, double> Modifiers = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["very"] = 1.5, ["so"] = 1.5, ["soo"] = 1.5, ["sooo"] = 1.5, ["really"] = 1.5, ["extremely"] = 1.5,
        ["super"] = 1.5, ["totally"] = 1.5, ["absolutely"] = 1.5, ["incredibly"] = 1.5, ["completely"] = 1.5,
        ["utterly"] = 1.5, ["truly"] = 1.5, ["such"] = 1.5, ["too"] = 1.5, ["seriously"] = 1.5, ["deeply"] = 1.5,
        ["insanely"] = 1.5, ["hugely"] = 1.5, ["massively"] = 1.5, ["properly"] = 1.3, ["quite"] = 1.2,
        ["pretty"] = 1.2, ["bit"] = 0.6, ["a bit"] = 0.6, ["a little"] = 0.6, ["little"] = 0.6, ["slightly"] = 0.6,
        ["kinda"] = 0.6, ["kind of"] = 0.6, ["sorta"] = 0.6, ["sort of"] = 0.6, ["somewhat"] = 0.6, ["fairly"] = 0.8,
        ["mildly"] = 0.6, ["barely"] = 0.4,
    };

    /// <summary>Before "like", these make it the verb of liking; elsewhere it is a comparison ("looks like rain").</summary>
    public static readonly IReadOnlySet<string> LikeSubjects = new HashSet<string>(StringComparer.Ordinal)
    {
        "i", "we", "you", "they", "he", "she", "really", "actually", "totally", "kinda", "also", "still", "do", "dont",
        "didnt", "would", "everyone", "people", "genuinely", "definitely",
    };
}
